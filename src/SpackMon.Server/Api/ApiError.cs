using System.Text.Json.Nodes;

namespace SpackMon.Server.Api;

/// <summary>
/// An answer other than success, thrown from deep inside a handler (body parsing, validation, auth) and written
/// as JSON by <see cref="ErrorHandling"/>. Every body has a <c>message</c> that says what is wrong.
/// </summary>
internal sealed class ApiError : Exception
{
    private ApiError(int status, string message, JsonObject? extra = null, IReadOnlyDictionary<string, string>? headers = null)
        : base(message)
    {
        Status = status;
        Body = new JsonObject { ["message"] = message };
        foreach (var (key, value) in extra ?? [])
            Body[key] = value?.DeepClone();
        Headers = headers ?? new Dictionary<string, string>();
    }

    public int Status { get; }

    public JsonObject Body { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public static ApiError BadRequest(string message, JsonObject? extra = null) => new(400, message, extra);

    /// <summary>404 with the reference's <c>detail</c> next to our message.</summary>
    public static ApiError NotFound(string message) => new(404, message, new JsonObject { ["detail"] = "Not found." });

    public static ApiError Forbidden(string message, string? detail = null) =>
        new(403, message, detail is null ? null : new JsonObject { ["detail"] = detail });

    public static ApiError Unauthorized(string message, string challenge) =>
        new(401, message, null, new Dictionary<string, string> { ["WWW-Authenticate"] = challenge });

    public static ApiError TooLarge(long limit) =>
        new(413, $"The request body is larger than the server's limit of {limit} bytes.");

    public static ApiError TooManyRequests(string message, int retryAfterSeconds) =>
        new(429, message, null, new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static ApiError Custom(int status, string message, JsonObject? extra = null) => new(status, message, extra);
}
