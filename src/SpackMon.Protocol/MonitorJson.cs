using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SpackMon.Protocol;

/// <summary>The JSON conventions of the ms1 protocol: snake_case names, nulls written, UTF-8 text unescaped.</summary>
public static class MonitorJson
{
    /// <summary>Options shared by every reader and writer of ms1 bodies.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(MonitorJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Options for files a person may read (save-local): the same, indented.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>Serializes a protocol object.</summary>
    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    /// <summary>Deserializes a protocol object; throws <see cref="JsonException"/> on malformed input.</summary>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
