using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using SpackMon.Build.Model;
using SpackMon.Protocol;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Computes the spec of a project from its evaluation (no server involved) and writes it to a file in its
/// obj folder, where projects referencing it read it. Outputs the root's full hash and the build key.
/// </summary>
public sealed class ComputeSpec : MonitorTask
{
    /// <summary>Project name.</summary>
    [Required]
    public string ProjectName { get; set; } = "";

    /// <summary>The project file (full path).</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>Where to write the spec (v2 layout).</summary>
    [Required]
    public string SpecFile { get; set; } = "";

    /// <summary><c>$(Version)</c>.</summary>
    public string Version { get; set; } = "";

    /// <summary><c>$(TargetFramework)</c>.</summary>
    public string TargetFramework { get; set; } = "";

    /// <summary><c>$(RuntimeIdentifier)</c>.</summary>
    public string RuntimeIdentifier { get; set; } = "";

    /// <summary><c>$(PlatformTarget)</c>.</summary>
    public string PlatformTarget { get; set; } = "";

    /// <summary>Compiler name (roslyn).</summary>
    public string CompilerName { get; set; } = "roslyn";

    /// <summary>Compiler version: the .NET SDK's.</summary>
    public string CompilerVersion { get; set; } = "";

    /// <summary>Restore's <c>project.assets.json</c>; may not exist.</summary>
    public string AssetsFile { get; set; } = "";

    /// <summary><c>@(Compile)</c>.</summary>
    public ITaskItem[] SourceFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Build-shaping properties: item = name, metadata <c>Value</c>.</summary>
    public ITaskItem[] Parameters { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Spec files of the project's references.</summary>
    public ITaskItem[] ReferenceSpecFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>With KeepGoing a failure is a warning.</summary>
    public bool KeepGoing { get; set; }

    /// <summary>Full hash of the project's node.</summary>
    [Output]
    public string FullHash { get; set; } = "";

    /// <summary>Key of this project build in the node's session.</summary>
    [Output]
    public string BuildKey { get; set; } = "";

    /// <inheritdoc />
    protected override void Run()
    {
        try
        {
            var input = new ProjectSpecInput
            {
                Name = ProjectName,
                Version = Version,
                ProjectFile = ProjectFile,
                SourceFiles = SourceFiles.Select(i => i.GetMetadata("FullPath")).Where(p => p.Length > 0).ToList(),
                Parameters = Parameters.GroupBy(p => p.ItemSpec, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().GetMetadata("Value"), StringComparer.Ordinal),
                Compiler = new SpecCompiler { Name = CompilerName, Version = CompilerVersion },
                Arch = ProjectSpecBuilder.Arch(RuntimeIdentifier, PlatformTarget),
                Assets = File.Exists(AssetsFile) ? Model.AssetsFile.Read(AssetsFile) : null,
                TargetFramework = TargetFramework,
                RuntimeIdentifier = RuntimeIdentifier,
                References = ReferenceSpecFiles
                    .Select(i => i.GetMetadata("FullPath"))
                    .Distinct(StringComparer.Ordinal)
                    .OrderBy(p => p, StringComparer.Ordinal)
                    .Select(p => (IReadOnlyList<SpecNode>)SpecLayout.ReadNodes(JsonNode.Parse(File.ReadAllText(p))))
                    .ToList(),
            };
            var nodes = ProjectSpecBuilder.Build(input);
            var json = SpecLayout.WriteV2(nodes).ToJsonString(MonitorJson.Indented);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(SpecFile))!);
            // Unchanged content keeps its time stamp: incremental builds see nothing new.
            if (!File.Exists(SpecFile) || File.ReadAllText(SpecFile) != json)
                File.WriteAllText(SpecFile, json);
            FullHash = nodes[0].FullHash;
            BuildKey = Path.GetFullPath(ProjectFile) + "|" + FullHash;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException or SpecFormatException)
        {
            if (KeepGoing)
                Warning(Messages.SpecFailed, ProjectName, e.Message);
            else
                Error(Messages.SpecFailed, ProjectName, e.Message);
        }
    }
}
