using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SpackMon.Server.Api;

/// <summary>
/// Reads a POST body as a JSON object whatever its Content-Type (spack labels its JSON
/// <c>application/x-www-form-urlencoded</c>), and reads typed fields from it with 400 answers for bad ones.
/// </summary>
internal static class RequestBody
{
    // A body over the limit is still read (and dropped) up to this much more, so that the client, still sending,
    // receives the 413 instead of a connection reset.
    private const long DrainAllowance = 16 * 1024 * 1024;

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit + DrainAllowance)
            throw ApiError.TooLarge(limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + DrainAllowance;
        var bytes = await ReadBytesAsync(request.Body, request.ContentLength, limit, context.RequestAborted);
        // The parser checks UTF-8 only when a string is first read, which would be deep inside a handler.
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
            throw ApiError.BadRequest("The request body is not valid UTF-8; send JSON encoded as UTF-8.");
        if (bytes.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
            throw ApiError.BadRequest("The request body is empty; a JSON object is required.");
        JsonNode? node;
        try
        {
            // Duplicate keys would otherwise surface later, as an exception when the object is first read.
            node = JsonNode.Parse(bytes.Span, null, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            throw ApiError.BadRequest("The request body is not valid JSON: " + e.Message);
        }
        return node as JsonObject ?? throw ApiError.BadRequest(
            $"The request body must be a JSON object, not {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}.");
    }

    // The whole body, read into one array sized by Content-Length when the client sent it (one byte more, so that the
    // end of the body is seen without growing it; a claim over 1 MiB is believed only as the bytes arrive).
    // Over the limit it is still read, up to the drain allowance, and refused.
    private static async Task<ReadOnlyMemory<byte>> ReadBytesAsync(Stream body, long? contentLength, long limit, CancellationToken ct)
    {
        var cap = limit + 1;
        var initial = contentLength is { } length and >= 0 ? length + 1 : 16 * 1024;
        var buffer = new byte[(int)Math.Min(Math.Min(initial, cap), 1024 * 1024)];
        var filled = 0;
        var tooLarge = false;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= cap)
                    {
                        tooLarge = true;
                        var rest = new byte[81920];
                        while (await body.ReadAsync(rest, ct) > 0)
                        {
                        }
                        break;
                    }
                    Array.Resize(ref buffer, (int)Math.Min(Math.Min(int.MaxValue, cap), (long)buffer.Length * 2));
                }
                var read = await body.ReadAsync(buffer.AsMemory(filled), ct);
                if (read == 0)
                    break;
                filled += read;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            tooLarge = true;
        }
        if (tooLarge || filled > limit)
            throw ApiError.TooLarge(limit);
        return buffer.AsMemory(0, filled);
    }

    /// <summary>A string field; null when absent or null. Numbers are taken as their text, as the reference does.</summary>
    public static string? OptionalString(this JsonObject body, string key, int maxLength = FieldLimits.Short) =>
        AsString(body[key], $"\"{key}\"", maxLength);

    /// <summary>A string from any JSON value; null for null. Objects and arrays are refused.</summary>
    public static string? AsString(JsonNode? value, string what, int maxLength = FieldLimits.Short)
    {
        string? text = value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => throw ApiError.BadRequest($"{what} must be a string, not {value.GetValueKind().ToString().ToLowerInvariant()}."),
        };
        CheckLength(text, what, maxLength);
        return text;
    }

    /// <summary>Any JSON value as text: strings as they are (see <see cref="Storable"/>), everything else as JSON; null for null.</summary>
    public static string? AsText(JsonNode? value, string what, int maxLength = FieldLimits.Unbounded)
    {
        var text = value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => Storable(v.GetValue<string>()),
            _ => value.ToJsonString(),
        };
        CheckLength(text, what, maxLength);
        return text;
    }

    /// <summary>
    /// Free text (a log, a value) as stored: as it came, but NUL, which PostgreSQL's text cannot hold, becomes U+FFFD
    /// on every database alike.
    /// </summary>
    public static string Storable(string text) => text.Replace('\0', '\uFFFD');

    /// <summary>
    /// Refuses a string over <paramref name="maxLength"/>; a bounded one (a name, version, hash, tag, path...) must
    /// also be plain text: no control characters and no markup (<c>&lt;</c>, <c>&gt;</c>), which no build names but a web page could run.
    /// </summary>
    public static void CheckLength(string? text, string what, int maxLength)
    {
        if (text is null)
            return;
        if (text.Length > maxLength)
            throw ApiError.BadRequest($"{what} is longer than the limit of {maxLength} characters.");
        if (maxLength <= FieldLimits.Path && text.Any(c => char.IsControl(c) || c is '<' or '>'))
            throw ApiError.BadRequest($"{what} must be plain text, without control characters, '<' or '>'.");
    }

    /// <summary>A name that also names files (a phase, a spec): plain text without path separators or dot-only names.</summary>
    public static void CheckPlainName(string? text, string what)
    {
        CheckLength(text, what, FieldLimits.Short);
        if (text is not null && (text.IndexOfAny(['/', '\\']) >= 0 || text.Trim('.').Length == 0))
            throw ApiError.BadRequest($"{what} must be a plain name, without '/' or '\\' and not only dots.");
    }

    /// <summary>An installed file's path: plain text without <c>..</c> segments, so that it can never climb out of its prefix.</summary>
    public static void CheckInstallPath(string? text, string what)
    {
        CheckLength(text, what, FieldLimits.Path);
        if (text is not null && text.Split('/', '\\').Any(segment => segment == ".."))
            throw ApiError.BadRequest($"{what} must not contain '..' segments.");
    }

    /// <summary>
    /// A build id: a positive integer or a string of digits (the reference accepts "1"). Null when absent, null,
    /// 0 or "" — the reference treats those as missing.
    /// </summary>
    public static long? OptionalId(this JsonObject body, string key)
    {
        var value = body[key];
        switch (value)
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                if (v.TryGetValue(out long number) && number >= 0)
                    return number == 0 ? null : number;
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (text.Length == 0)
                    return null;
                if (text.Length <= 18 && text.All(char.IsAsciiDigit))
                    return long.Parse(text, CultureInfo.InvariantCulture) is var parsed and > 0 ? parsed : null;
                CheckLength(text, $"\"{key}\"", FieldLimits.Short);
                throw ApiError.BadRequest($"\"{key}\" must be a build id of this server (a positive integer), not \"{text}\".");
        }
        throw ApiError.BadRequest($"\"{key}\" must be a positive integer, not {Describe(value)}.");
    }

    private static string Describe(JsonNode value) => value switch
    {
        JsonObject => "an object",
        JsonArray => "a list",
        _ when value.ToJsonString() is { Length: <= 40 } text => text,
        _ => value.GetValueKind().ToString().ToLowerInvariant(),
    };
}
