using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SpackMon.Protocol;

/// <summary>Where a build ran: the fields of a build environment, as sent in <c>builds/new/</c>.</summary>
public class BuildEnvironment
{
    /// <summary>Host name of the build machine.</summary>
    public string Hostname { get; set; } = "";
    /// <summary>Kernel version string.</summary>
    public string KernelVersion { get; set; } = "";
    /// <summary>Operating system, e.g. <c>debian12</c>.</summary>
    public string HostOs { get; set; } = "";
    /// <summary>Platform, e.g. <c>linux</c>.</summary>
    public string Platform { get; set; } = "";
    /// <summary>Host target (processor family), e.g. <c>x86_64</c>.</summary>
    public string HostTarget { get; set; } = "";
}

/// <summary>Body of <c>specs/new/</c>.</summary>
public class NewSpecRequest
{
    /// <summary>The spec in either layout (see <see cref="SpecLayout"/>).</summary>
    public JsonNode? Spec { get; set; }
    /// <summary>Version of the tool that produced the spec; part of the spec's identity.</summary>
    public string? SpackVersion { get; set; }
}

/// <summary>Body of <c>builds/new/</c>: a build environment plus the spec it builds.</summary>
public class NewBuildRequest : BuildEnvironment
{
    /// <summary>Full hash of the root spec.</summary>
    public string? FullHash { get; set; }
    /// <summary>Tool version the spec was registered with.</summary>
    public string? SpackVersion { get; set; }
    /// <summary>Comma-separated tags, or null (then not sent, as spack omits it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Tags { get; set; }
    /// <summary>Optional: the spec, to create it on the fly (not sent when null, as spack omits it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Spec { get; set; }
}

/// <summary>Body of <c>builds/phases/update/</c>.</summary>
public class PhaseUpdateRequest
{
    /// <summary>The server's build id (a string of a local id in save-local files).</summary>
    public JsonNode? BuildId { get; set; }
    /// <summary>One of <see cref="PhaseStatus"/>.</summary>
    public string? Status { get; set; }
    /// <summary>The phase's log text; may be empty or null.</summary>
    public string? Output { get; set; }
    /// <summary>Name of the phase, e.g. <c>compile</c>.</summary>
    public string? PhaseName { get; set; }
}

/// <summary>Body of <c>builds/update/</c>.</summary>
public class BuildUpdateRequest
{
    /// <summary>The server's build id (a string of a local id in save-local files).</summary>
    public JsonNode? BuildId { get; set; }
    /// <summary>One of <see cref="BuildStatus"/>.</summary>
    public string? Status { get; set; }
}

/// <summary>Body of <c>analyze/builds/</c>.</summary>
public class AnalyzeRequest
{
    /// <summary>The server's build id.</summary>
    public JsonNode? BuildId { get; set; }
    /// <summary>Analyzer name → result.</summary>
    public JsonObject? Metadata { get; set; }
}
