using System.Text.Json.Nodes;
using SpackMon.Client;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>
/// Reads the <c>metadata</c> of <c>analyze/builds/</c>: the known analyzers <c>environment_variables</c>,
/// <c>install_files</c> and <c>config_args</c>, and any other name as a generic analyzer's list of
/// <c>{"install_file","name","value"|"json_value"|"binary_value"}</c>. Everything is checked before anything is stored.
/// </summary>
internal static class AnalysisInput
{
    public static BuildAnalysis Read(JsonNode? metadata)
    {
        var analysis = new BuildAnalysis();
        if (metadata is null)
            return analysis;
        if (metadata is not JsonObject analyzers)
            throw ApiError.BadRequest("\"metadata\" must be an object of analyzer name → results.");
        foreach (var (analyzer, results) in analyzers)
        {
            RequestBody.CheckLength(analyzer, "An analyzer name", FieldLimits.Short);
            switch (analyzer)
            {
                case "config_args":
                    analysis.HasConfigArgs = true;
                    analysis.ConfigArgs = RequestBody.AsText(results, "\"config_args\"");
                    break;
                case "environment_variables" when results is not null:
                    analysis.EnvironmentVariables = ReadEnvironment(results);
                    break;
                case "install_files" when results is not null:
                    analysis.InstallFiles = ReadManifest(results);
                    break;
                case "environment_variables" or "install_files":
                    break;
                default:
                    ReadAttributes(analyzer, results, analysis.Attributes);
                    break;
            }
        }
        return analysis;
    }

    private static Dictionary<string, string?> ReadEnvironment(JsonNode results)
    {
        if (results is not JsonObject variables)
            throw ApiError.BadRequest("\"environment_variables\" must be an object of name → value.");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            RequestBody.CheckLength(name, "An environment variable name", FieldLimits.Short);
            // Values of variables named like secrets (SPACKMON_TOKEN, DB_PASSWORD, ...) are masked before they are stored.
            var text = RequestBody.AsText(value, $"The environment variable {name}");
            environment[name] = text is not null && OutputRedactor.IsSecretName(name) ? OutputRedactor.Mask : OutputRedactor.Redact(text);
        }
        return environment;
    }

    private static List<InstallFileEntry> ReadManifest(JsonNode results)
    {
        if (results is not JsonObject manifest)
            throw ApiError.BadRequest("\"install_files\" must be an object of path → {mode, owner, group, type, hash}.");
        var files = new List<InstallFileEntry>();
        foreach (var (path, entry) in manifest)
        {
            RequestBody.CheckInstallPath(path, $"The install_files path \"{Short(path)}\"");
            if (entry is not null and not JsonObject)
                throw ApiError.BadRequest($"install_files[\"{Short(path)}\"] must be an object of mode, owner, group, type and hash.");
            string? Field(string key) => RequestBody.AsText(entry?[key], $"install_files[\"{Short(path)}\"].{key}", FieldLimits.Short);
            files.Add(new InstallFileEntry(path, Field("type"), Field("mode"), Field("owner"), Field("group"), Field("hash")));
        }
        return files;
    }

    private static void ReadAttributes(string analyzer, JsonNode? results, List<AttributeEntry> attributes)
    {
        if (results is null)
            return;
        if (results is not JsonArray list)
            throw ApiError.BadRequest($"The results of analyzer \"{Short(analyzer)}\" must be a list of {{install_file, name, value}}.");
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject result)
                throw ApiError.BadRequest($"Result {i} of analyzer \"{Short(analyzer)}\" must be an object.");
            var where = $"Result {i} of analyzer \"{Short(analyzer)}\":";
            var file = RequestBody.AsString(result["install_file"], $"{where} \"install_file\"", FieldLimits.Path);
            RequestBody.CheckInstallPath(file, $"{where} \"install_file\"");
            var name = RequestBody.AsString(result["name"], $"{where} \"name\"");
            if (string.IsNullOrEmpty(file) || string.IsNullOrEmpty(name))
                throw ApiError.BadRequest($"{where} \"install_file\" and \"name\" are required.");
            attributes.Add(new AttributeEntry(analyzer, file, name,
                RequestBody.AsText(result["value"], $"{where} \"value\""),
                result["json_value"]?.ToJsonString(),
                RequestBody.AsText(result["binary_value"], $"{where} \"binary_value\"")));
        }
    }

    private static string Short(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
