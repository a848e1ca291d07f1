using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Model;

/// <summary>What a project's spec is made of, as read from its evaluation.</summary>
public sealed class ProjectSpecInput
{
    /// <summary>Project name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Project version (<c>$(Version)</c>).</summary>
    public string Version { get; set; } = "";
    /// <summary>The project file (full path).</summary>
    public string ProjectFile { get; set; } = "";
    /// <summary>Source files (<c>@(Compile)</c>), full or relative to the project folder.</summary>
    public IReadOnlyList<string> SourceFiles { get; set; } = Array.Empty<string>();
    /// <summary>Build-shaping properties; empty values are left out.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();
    /// <summary>Compiler name and version.</summary>
    public SpecCompiler Compiler { get; set; } = new();
    /// <summary>Platform, OS and target the project builds for.</summary>
    public SpecArch Arch { get; set; } = new();
    /// <summary>Restore's assets file, or null when the project has none.</summary>
    public AssetsFile? Assets { get; set; }
    /// <summary>Target framework (alias), to pick the packages of the assets file.</summary>
    public string TargetFramework { get; set; } = "";
    /// <summary>Runtime identifier, or empty.</summary>
    public string RuntimeIdentifier { get; set; } = "";
    /// <summary>The specs of the project's references, each root first.</summary>
    public IReadOnlyList<IReadOnlyList<SpecNode>> References { get; set; } = Array.Empty<IReadOnlyList<SpecNode>>();
}

/// <summary>
/// Builds the spec of a project in the v2 node layout: the project (root) with its parameters, compiler and arch,
/// its project references' specs and its resolved packages as dependency nodes. Deterministic on any machine:
/// paths relative to the project, files sorted, newlines normalized, JSON canonical.
/// </summary>
public static class ProjectSpecBuilder
{
    /// <summary>Namespace of project nodes.</summary>
    public const string ProjectNamespace = "dotnet";
    /// <summary>Namespace of package nodes.</summary>
    public const string PackageNamespace = "nuget";

    private static readonly List<string> LinkTypes = new() { "build", "link" };
    private static readonly List<string> BuildTypes = new() { "build" };

    /// <summary>The nodes of the project's spec, root first, each once.</summary>
    public static List<SpecNode> Build(ProjectSpecInput input)
    {
        var nodes = new List<SpecNode>();
        var root = new SpecNode
        {
            Name = input.Name,
            Version = input.Version,
            Arch = input.Arch,
            Compiler = input.Compiler,
            Namespace = ProjectNamespace,
            Parameters = Parameters(input.Parameters),
            PackageHash = ContentHash(input.ProjectFile, input.SourceFiles),
        };

        foreach (var reference in input.References.Where(r => r.Count > 0))
        {
            root.Dependencies.Add(new SpecDependency { Name = reference[0].Name, FullHash = reference[0].FullHash, Type = new List<string>(LinkTypes) });
            nodes.AddRange(reference);
        }

        if (input.Assets is not null)
        {
            var packages = input.Assets.Packages(input.TargetFramework, input.RuntimeIdentifier);
            var byId = packages.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
            var made = new Dictionary<string, SpecNode>(StringComparer.OrdinalIgnoreCase);
            foreach (var package in packages.Where(p => p.IsDirect))
            {
                var node = PackageNode(package, byId, made, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                root.Dependencies.Add(new SpecDependency { Name = node.Name, FullHash = node.FullHash, Type = new List<string>(package.IsBuildOnly ? BuildTypes : LinkTypes) });
            }
            nodes.AddRange(made.Values.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase));
        }

        root.Dependencies = root.Dependencies.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.FullHash, StringComparer.Ordinal).ToList();
        SpecHash.Assign(root);
        nodes.Insert(0, root);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return nodes.Where(n => seen.Add(n.FullHash)).ToList();
    }

    /// <summary>
    /// The content hash of a project: the project file and each source file (path relative to the project
    /// folder, forward slashes, sorted; text with newlines normalized to LF), hashed together.
    /// </summary>
    public static string ContentHash(string projectFile, IEnumerable<string> sourceFiles)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var entries = sourceFiles
            .Select(f => Path.IsPathRooted(f) ? f : Path.Combine(directory, f))
            .Append(projectFile)
            .Select(f => (Relative: HashPath(directory, f), Full: Path.GetFullPath(f)))
            .GroupBy(e => e.Relative, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(e => e.Relative, StringComparer.Ordinal);
        var listing = new StringBuilder();
        foreach (var (relative, full) in entries)
            listing.Append(relative).Append(' ').Append(File.Exists(full) ? SpecHash.OfText(NormalizedText(full)) : "missing").Append('\n');
        return SpecHash.OfText(listing.ToString());
    }

    /// <summary>A file's path relative to the project folder, with <c>../</c> for files outside it (linked files), forward slashes: the same on any machine.</summary>
    public static string HashPath(string directory, string file)
    {
        var root = new Uri(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar);
        var target = new Uri(Path.GetFullPath(file));
        var relative = root.MakeRelativeUri(target);
        return relative.IsAbsoluteUri ? target.LocalPath.Replace('\\', '/') : Uri.UnescapeDataString(relative.ToString()).Replace('\\', '/');
    }

    /// <summary>The arch of a project: the runtime identifier's OS and the platform target, or portable ones.</summary>
    public static SpecArch Arch(string? runtimeIdentifier, string? platformTarget)
    {
        var rid = string.IsNullOrWhiteSpace(runtimeIdentifier) ? null : runtimeIdentifier!.Trim().ToLowerInvariant();
        var dash = rid?.LastIndexOf('-') ?? -1;
        var target = string.IsNullOrWhiteSpace(platformTarget) ? (dash > 0 ? rid!.Substring(dash + 1) : "anycpu") : platformTarget!.Trim().ToLowerInvariant();
        return new SpecArch
        {
            Platform = rid is null ? "any" : (dash > 0 ? rid.Substring(0, dash) : rid),
            PlatformOs = rid ?? "portable",
            Target = JsonValue.Create(target),
        };
    }

    private static SpecNode PackageNode(ResolvedPackage package, Dictionary<string, ResolvedPackage> byId,
        Dictionary<string, SpecNode> made, HashSet<string> path)
    {
        if (made.TryGetValue(package.Id, out var done))
            return done;
        // NuGet graphs are acyclic; a cycle in a damaged file must not recurse forever.
        path.Add(package.Id);
        var node = new SpecNode
        {
            Name = package.Id,
            Version = package.Version,
            Namespace = PackageNamespace,
            // A package's assets are the same for any consumer: portable, like a project without a runtime identifier.
            Arch = Arch(null, null),
            // spack sends a compiler on every node and the reference server reads one from each: a package arrives prebuilt by NuGet.
            Compiler = new SpecCompiler { Name = "nuget" },
            PackageHash = SpecHash.OfText(package.Sha512 ?? package.Id + "/" + package.Version),
            Parameters = package.Sha512 is null ? new JsonObject() : new JsonObject { ["sha512"] = package.Sha512 },
        };
        foreach (var id in package.DependencyIds.Where(id => !path.Contains(id)).OrderBy(id => id, StringComparer.OrdinalIgnoreCase))
        {
            var dependency = PackageNode(byId[id], byId, made, path);
            node.Dependencies.Add(new SpecDependency { Name = dependency.Name, FullHash = dependency.FullHash, Type = new List<string>(LinkTypes) });
        }
        path.Remove(package.Id);
        SpecHash.Assign(node);
        made[package.Id] = node;
        return node;
    }

    private static JsonObject Parameters(IReadOnlyDictionary<string, string> parameters)
    {
        var result = new JsonObject();
        foreach (var kv in parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal))
            result[kv.Key] = kv.Value.Trim();
        return result;
    }

    private static string NormalizedText(string path) => File.ReadAllText(path).Replace("\r\n", "\n").Replace('\r', '\n');
}
