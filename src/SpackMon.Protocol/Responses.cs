using System.Text.Json.Serialization;

namespace SpackMon.Protocol;

/// <summary>Answer of the service info endpoint, <c>GET {base}/</c>.</summary>
public class ServiceInfo
{
    /// <summary>Always <c>spackmon</c>.</summary>
    public string Id { get; set; } = "spackmon";
    /// <summary><c>running</c> when the service is up.</summary>
    public string Status { get; set; } = "running";
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "Spack Monitor (Spackmon)";
    /// <summary>What the service is.</summary>
    public string? Description { get; set; }
    /// <summary>Who runs the service.</summary>
    public ServiceOrganization? Organization { get; set; }
    /// <summary>Where to report problems.</summary>
    [JsonPropertyName("contactUrl")]
    public string? ContactUrl { get; set; }
    /// <summary>Where the documentation is.</summary>
    [JsonPropertyName("documentationUrl")]
    public string? DocumentationUrl { get; set; }
    /// <summary>When the service's database was created (ISO 8601, UTC).</summary>
    [JsonPropertyName("createdAt")]
    public string? CreatedAt { get; set; }
    /// <summary>When the service last started (ISO 8601, UTC).</summary>
    [JsonPropertyName("updatedAt")]
    public string? UpdatedAt { get; set; }
    /// <summary>Deployment environment, e.g. <c>production</c>.</summary>
    public string? Environment { get; set; }
    /// <summary>Server version.</summary>
    public string Version { get; set; } = "";
    /// <summary>Where a user learns how to get credentials.</summary>
    public string? AuthInstructionsUrl { get; set; }
}

/// <summary>The organization part of <see cref="ServiceInfo"/>.</summary>
public class ServiceOrganization
{
    /// <summary>Its name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Its web address.</summary>
    public string Url { get; set; } = "";
}

/// <summary>Answer of the token endpoint.</summary>
public class TokenResponse
{
    /// <summary>The JWT to send as <c>Authorization: Bearer</c>.</summary>
    public string Token { get; set; } = "";
    /// <summary>When it was issued (ISO 8601, UTC).</summary>
    public string IssuedAt { get; set; } = "";
    /// <summary>Seconds until it expires.</summary>
    public int ExpiresIn { get; set; }
}

/// <summary>The envelope of every ms1 answer: <c>{"message", "data", "code"}</c>.</summary>
public class MonitorResponse<T>
{
    /// <summary>Human-readable outcome.</summary>
    public string Message { get; set; } = "";
    /// <summary>The payload.</summary>
    public T? Data { get; set; }
    /// <summary>The HTTP status code, repeated.</summary>
    public int Code { get; set; }
}

/// <summary>The spec part of a <c>specs/new/</c> answer.</summary>
public class SpecSummary
{
    /// <summary>Full hash of the root node.</summary>
    public string FullHash { get; set; } = "";
    /// <summary>Package or project name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Version.</summary>
    public string Version { get; set; } = "";
    /// <summary>Tool version.</summary>
    public string SpackVersion { get; set; } = "";
    /// <summary>Every other node of the DAG: name → full hash.</summary>
    public Dictionary<string, string> Specs { get; set; } = new();
}

/// <summary>Data of a <c>specs/new/</c> answer.</summary>
public class NewSpecData
{
    /// <summary>The stored spec.</summary>
    public SpecSummary Spec { get; set; } = new();
    /// <summary>True when the spec was new.</summary>
    public bool Created { get; set; }
}

/// <summary>A build as the write endpoints name it.</summary>
public class BuildRef
{
    /// <summary>Server id of the build.</summary>
    public long BuildId { get; set; }
    /// <summary>Full hash of its spec.</summary>
    public string SpecFullHash { get; set; } = "";
    /// <summary>Name of its spec.</summary>
    public string SpecName { get; set; } = "";
}

/// <summary>Data of a <c>builds/new/</c> answer.</summary>
public class NewBuildData
{
    /// <summary>True when the build was new.</summary>
    public bool BuildCreated { get; set; }
    /// <summary>True when the build environment was new.</summary>
    public bool BuildEnvironmentCreated { get; set; }
    /// <summary>The build; absent on an error answer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BuildRef? Build { get; set; }
}

/// <summary>A phase as <c>builds/phases/update/</c> answers it.</summary>
public class PhaseRef
{
    /// <summary>Server id of the phase.</summary>
    public long Id { get; set; }
    /// <summary>Its status.</summary>
    public string Status { get; set; } = "";
    /// <summary>Its name.</summary>
    public string Name { get; set; } = "";
}

/// <summary>Data of a <c>builds/phases/update/</c> answer.</summary>
public class PhaseUpdateData
{
    /// <summary>The stored phase.</summary>
    public PhaseRef BuildPhase { get; set; } = new();
}

/// <summary>Data of a <c>builds/update/</c> or <c>analyze/builds/</c> answer.</summary>
public class BuildData
{
    /// <summary>The build.</summary>
    public BuildRef Build { get; set; } = new();
}
