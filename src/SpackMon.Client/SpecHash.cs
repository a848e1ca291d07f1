using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>
/// Spack-style spec hashes: lower-case base32 of a SHA-1 (32 characters) over the canonical JSON of a node
/// without its own hash fields. Dependencies enter through their full hashes, so a change anywhere below
/// a node changes its hash. Canonical = keys sorted (ordinal), no blanks, one escaping: the same on any machine.
/// </summary>
public static class SpecHash
{
    private static readonly string[] OwnHashFields = { "hash", "full_hash", "build_hash" };

    /// <summary>Sets <see cref="SpecNode.FullHash"/> and <see cref="SpecNode.BuildHash"/> (everything, sources included)
    /// and <see cref="SpecNode.Hash"/> (the configuration without <see cref="SpecNode.PackageHash"/>); returns the node.</summary>
    public static SpecNode Assign(SpecNode node)
    {
        var json = ToJson(node);
        foreach (var field in OwnHashFields)
            json.Remove(field);
        var full = Of(json);
        json.Remove("package_hash");
        node.Hash = Of(json);
        node.FullHash = full;
        node.BuildHash = full;
        return node;
    }

    /// <summary>The hash of any JSON value: base32 SHA-1 of its canonical form.</summary>
    public static string Of(JsonNode? value) => OfText(Canonical(value));

    /// <summary>The hash of a text: base32 SHA-1 of its UTF-8 bytes.</summary>
    public static string OfText(string text)
    {
        using var sha1 = SHA1.Create();
        return Base32(sha1.ComputeHash(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Lower-case RFC 4648 base32 without padding (20 bytes → 32 characters).</summary>
    public static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var result = new StringBuilder((bytes.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                result.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
            result.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return result.ToString();
    }

    /// <summary>The canonical JSON text of a value: object keys sorted ordinally, no blanks.</summary>
    public static string Canonical(JsonNode? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A node as the JSON object that is sent (snake_case, nulls included).</summary>
    public static JsonObject ToJson(SpecNode node) => (JsonObject)JsonSerializer.SerializeToNode(node, MonitorJson.Options)!;

    private static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(kv.Key);
                    Write(writer, kv.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
