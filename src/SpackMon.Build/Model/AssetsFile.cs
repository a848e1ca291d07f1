using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpackMon.Build.Model;

/// <summary>
/// What restore recorded in <c>obj/project.assets.json</c>: the resolved packages of a target framework
/// (with their dependencies and content hashes), which of them the project references directly, and
/// restore's own warnings and errors (<c>logs</c>).
/// </summary>
public sealed class AssetsFile
{
    private readonly JsonObject _root;
    private readonly string _path;

    private AssetsFile(JsonObject root, string path)
    {
        _root = root;
        _path = path;
    }

    /// <summary>Reads an assets file.</summary>
    /// <exception cref="InvalidDataException">The file is not an assets file; the message names it.</exception>
    public static AssetsFile Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject root && root["version"] is not null
                ? new AssetsFile(root, path)
                : throw new InvalidDataException($"{path} is not a NuGet assets file (no \"version\").");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a NuGet assets file: {e.Message}", e);
        }
    }

    /// <summary>Restore's warnings and errors, as diagnostics (code NUxxxx).</summary>
    public List<Diagnostic> Logs()
    {
        var result = new List<Diagnostic>();
        if (_root["logs"] is not JsonArray logs)
            return result;
        foreach (var log in logs.OfType<JsonObject>())
        {
            var level = (Text(log["level"]) ?? "warning").ToLowerInvariant();
            if (level is not ("error" or "warning"))
                continue;
            result.Add(new Diagnostic
            {
                Level = level,
                Code = Text(log["code"]) ?? "",
                Message = Text(log["message"]) ?? "",
                File = Text(log["filePath"]) is { } file ? Path.GetFileName(file) : null,
            });
        }
        return result;
    }

    /// <summary>
    /// The packages resolved for <paramref name="targetFramework"/> (and <paramref name="runtimeIdentifier"/>), each with
    /// its resolved dependencies; the direct ones are flagged. Project entries are left out: project references are specs of their own.
    /// </summary>
    public List<ResolvedPackage> Packages(string targetFramework, string? runtimeIdentifier)
    {
        var targets = _root["targets"] as JsonObject ?? throw new InvalidDataException($"{_path} has no \"targets\".");
        var key = string.IsNullOrEmpty(runtimeIdentifier) ? targetFramework : targetFramework + "/" + runtimeIdentifier;
        var target = targets[key] as JsonObject ?? targets[targetFramework] as JsonObject
            ?? (targets.Count == 1 ? targets.First().Value as JsonObject : null);
        if (target is null)
            return new List<ResolvedPackage>();

        var packages = new Dictionary<string, ResolvedPackage>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in target)
        {
            if (entry.Value is not JsonObject body || Text(body["type"]) != "package")
                continue;
            var slash = entry.Key.IndexOf('/');
            if (slash <= 0)
                continue;
            var package = new ResolvedPackage { Id = entry.Key.Substring(0, slash), Version = entry.Key.Substring(slash + 1) };
            if (_root["libraries"]?[entry.Key] is JsonObject library)
                package.Sha512 = Text(library["sha512"]);
            if (body["dependencies"] is JsonObject dependencies)
                package.DependencyIds.AddRange(dependencies.Select(d => d.Key));
            packages[package.Id] = package;
        }

        // Keep only dependencies that resolved to a package (not to a project or a framework).
        foreach (var package in packages.Values)
        {
            var resolved = package.DependencyIds.Where(packages.ContainsKey).Select(id => packages[id].Id).ToList();
            package.DependencyIds.Clear();
            package.DependencyIds.AddRange(resolved);
        }

        var framework = FrameworkSection(targetFramework);
        if (framework?["dependencies"] is JsonObject direct)
        {
            foreach (var dependency in direct)
            {
                if (!packages.TryGetValue(dependency.Key, out var package))
                    continue;
                package.IsDirect = true;
                // PrivateAssets="all" (analyzers, build tools) is a build dependency only.
                package.IsBuildOnly = string.Equals(Text(dependency.Value?["suppressParent"]), "All", StringComparison.OrdinalIgnoreCase);
            }
        }
        return packages.Values.OrderBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private JsonObject? FrameworkSection(string targetFramework)
    {
        if (_root["project"]?["frameworks"] is not JsonObject frameworks)
            return null;
        if (frameworks[targetFramework] is JsonObject exact)
            return exact;
        return frameworks.Select(f => f.Value).OfType<JsonObject>()
            .FirstOrDefault(f => string.Equals(Text(f["targetAlias"]), targetFramework, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}

/// <summary>A package as restore resolved it.</summary>
public sealed class ResolvedPackage
{
    /// <summary>Package id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Resolved version.</summary>
    public string Version { get; set; } = "";
    /// <summary>The package's content hash as NuGet recorded it, or null.</summary>
    public string? Sha512 { get; set; }
    /// <summary>Ids of the packages it depends on (resolved ones only).</summary>
    public List<string> DependencyIds { get; } = new();
    /// <summary>Referenced by the project itself.</summary>
    public bool IsDirect { get; set; }
    /// <summary>Referenced with <c>PrivateAssets="all"</c>: needed to build only.</summary>
    public bool IsBuildOnly { get; set; }
}
