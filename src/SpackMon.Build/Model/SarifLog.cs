using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpackMon.Build.Model;

/// <summary>
/// Reads the warnings and errors of a compile from the SARIF file the C# compiler writes when
/// <c>ErrorLog</c> is set (version 2.1, and the 1.0 layout it writes by default). Notes are left out.
/// </summary>
public static class SarifLog
{
    /// <summary>The diagnostics of <paramref name="sarifFile"/>, paths relative to <paramref name="projectDirectory"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not SARIF; the message names it.</exception>
    public static List<Diagnostic> Read(string sarifFile, string projectDirectory)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(sarifFile));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sarifFile} is not a SARIF file: {e.Message}", e);
        }
        var result = new List<Diagnostic>();
        if (root?["runs"] is not JsonArray runs)
            throw new InvalidDataException($"{sarifFile} is not a SARIF file: it has no \"runs\".");
        foreach (var run in runs.OfType<JsonObject>())
        {
            if (run["results"] is not JsonArray results)
                continue;
            foreach (var item in results.OfType<JsonObject>())
            {
                var level = Text(item["level"]) ?? "warning";
                if (level is not ("error" or "warning"))
                    continue;
                // Suppressed diagnostics (#pragma, SuppressMessage) are not what the user sees.
                if (item["suppressions"] is JsonArray { Count: > 0 } || item["suppressionStates"] is JsonArray { Count: > 0 })
                    continue;
                var diagnostic = new Diagnostic
                {
                    Level = level,
                    Code = Text(item["ruleId"]) ?? "",
                    Message = Text(item["message"]) ?? Text(item["message"]?["text"]) ?? "",
                };
                ReadLocation(item, diagnostic, projectDirectory);
                result.Add(diagnostic);
            }
        }
        return result;
    }

    private static void ReadLocation(JsonObject item, Diagnostic diagnostic, string projectDirectory)
    {
        if (item["locations"] is not JsonArray { Count: > 0 } locations || locations[0] is not JsonObject location)
            return;
        // 2.1: physicalLocation.artifactLocation.uri + region; 1.0: resultFile.uri + region.
        var physical = location["physicalLocation"] as JsonObject ?? location["resultFile"] as JsonObject;
        if (physical is null)
            return;
        var uri = Text(physical["artifactLocation"]?["uri"]) ?? Text(physical["uri"]);
        var region = physical["region"] as JsonObject;
        if (uri is not null)
            diagnostic.File = Diagnostic.RelativePath(projectDirectory, LocalPath(uri));
        diagnostic.Line = Number(region?["startLine"]);
        diagnostic.Column = Number(region?["startColumn"]);
    }

    private static string LocalPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : Uri.UnescapeDataString(uri);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static int Number(JsonNode? node) => node is JsonValue v && v.TryGetValue(out int n) ? n : 0;
}
