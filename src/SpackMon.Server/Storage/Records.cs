using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Server.Storage;

/// <summary>A user as authentication needs it.</summary>
internal sealed record UserRecord(long Id, string Name, string? TokenHash);

/// <summary>A user as <c>list-users</c> shows it.</summary>
internal sealed record UserSummary(string Name, string AddDate, long Builds, bool HasToken);

/// <summary>Outcome of storing a spec DAG.</summary>
internal sealed record SpecSaveResult(long Id, SpecSummary Summary, bool Created);

/// <summary>A build as the write endpoints need it.</summary>
internal sealed record BuildRecord(long Id, long SpecId, string SpecFullHash, string SpecName, long BuildEnvironmentId, long OwnerId)
{
    public BuildRef ToRef() => new() { BuildId = Id, SpecFullHash = SpecFullHash, SpecName = SpecName };
}

/// <summary>Outcome of <c>builds/new/</c>; <see cref="Build"/> is null when the spec is unknown.</summary>
internal sealed record NewBuildOutcome(BuildRecord? Build, bool BuildCreated, bool BuildEnvironmentCreated);

/// <summary>What one <c>analyze/builds/</c> call attaches to a build; null parts were not sent.</summary>
internal sealed class BuildAnalysis
{
    public Dictionary<string, string?>? EnvironmentVariables { get; set; }
    public List<InstallFileEntry>? InstallFiles { get; set; }
    public bool HasConfigArgs { get; set; }
    public string? ConfigArgs { get; set; }
    public List<AttributeEntry> Attributes { get; } = new();
}

/// <summary>One entry of an <c>install_files</c> manifest.</summary>
internal sealed record InstallFileEntry(string Path, string? Type, string? Mode, string? Owner, string? Group, string? Hash);

/// <summary>One result of a generic analyzer about one installed file.</summary>
internal sealed record AttributeEntry(string Analyzer, string InstallFile, string Name, string? Value, string? JsonValue, string? BinaryValue);

/// <summary>A stored attribute's value, for <c>attributes/&lt;id&gt;/download/</c>.</summary>
internal sealed record AttributeValue(string? Value, string? JsonValue, string? BinaryValue);

/// <summary>An attribute as <c>specs/&lt;id&gt;/attributes/</c> lists it.</summary>
internal sealed class AttributeSummary
{
    public string Filename { get; set; } = "";
    public long Id { get; set; }
    public string Analyzer { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>A spec node as the read endpoints show it.</summary>
internal sealed class SpecView
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string FullHash { get; set; } = "";
    public string SpackVersion { get; set; } = "";
    public string? Hash { get; set; }
    public string? BuildHash { get; set; }
    public string? PackageHash { get; set; }
    public string? Namespace { get; set; }
    public JsonNode? Parameters { get; set; }
    public ArchView Arch { get; set; } = new();
    public SpecCompiler? Compiler { get; set; }
    public List<SpecDependency> Dependencies { get; set; } = new();
    public string AddDate { get; set; } = "";
    public string ModifyDate { get; set; } = "";
    public string Label { get; set; } = "spec";
}

/// <summary>Platform, OS and target of a spec node.</summary>
internal sealed class ArchView
{
    public string? Platform { get; set; }
    public string? PlatformOs { get; set; }
    public JsonNode? Target { get; set; }
}

/// <summary>The spec part of a build in the read API.</summary>
internal sealed class SpecBrief
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string FullHash { get; set; } = "";
    public string SpackVersion { get; set; } = "";
}

/// <summary>A phase in the read API.</summary>
internal sealed class PhaseView
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Output { get; set; }
}

/// <summary>A build as <c>/api/builds/</c> shows it.</summary>
internal sealed class BuildView
{
    public long Id { get; set; }
    public string Status { get; set; } = "";
    public string Owner { get; set; } = "";
    public List<string> Tags { get; set; } = new();
    public SpecBrief Spec { get; set; } = new();
    public BuildEnvironment BuildEnvironment { get; set; } = new();
    public List<PhaseView> Phases { get; set; } = new();
    public List<EnvironmentVariableView> Envars { get; set; } = new();
    public string? ConfigArgs { get; set; }
    public string AddDate { get; set; } = "";
    public string ModifyDate { get; set; } = "";
    public string Label { get; set; } = "build";
}

/// <summary>An environment variable of a build, from the <c>environment_variables</c> analyzer.</summary>
internal sealed class EnvironmentVariableView
{
    public string Name { get; set; } = "";
    public string? Value { get; set; }
}
