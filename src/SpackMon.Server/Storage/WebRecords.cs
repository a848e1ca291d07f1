namespace SpackMon.Server.Storage;

/// <summary>Filters, order and page of a builds listing; null filters do not filter.</summary>
internal sealed class BuildQuery
{
    /// <summary>The number of errors extracted from a build's phases (SQL over builds <c>b</c>).</summary>
    public const string ErrorCount = "(SELECT COUNT(*) FROM phase_diagnostics d WHERE d.build_id = b.id AND d.kind = 'error')";

    /// <summary>The number of warnings extracted from a build's phases (SQL over builds <c>b</c>).</summary>
    public const string WarningCount = "(SELECT COUNT(*) FROM phase_diagnostics d WHERE d.build_id = b.id AND d.kind = 'warning')";

    /// <summary>Sort keys of <see cref="Sort"/>, each with its SQL expression.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["when"] = "b.id",
        ["updated"] = "b.modify_date",
        ["spec"] = "s.name",
        ["status"] = "b.status",
        ["owner"] = "u.name",
        ["host"] = "e.hostname",
        ["errors"] = ErrorCount,
        ["warnings"] = WarningCount,
    };

    public string? Status { get; init; }
    public string? Tag { get; init; }
    public string? Owner { get; init; }
    public string? SpecName { get; init; }
    public string? Text { get; init; }
    public IReadOnlyCollection<long>? SpecIds { get; init; }
    public string Sort { get; init; } = "when";
    public bool Descending { get; init; } = true;
    public long Offset { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>One row of a builds listing: the build with its spec, host, tags and counts.</summary>
internal sealed class BuildRow
{
    public long Id { get; set; }
    public string Status { get; set; } = "";
    public string Owner { get; set; } = "";
    public long SpecId { get; set; }
    public string SpecName { get; set; } = "";
    public string SpecVersion { get; set; } = "";
    public string SpecFullHash { get; set; } = "";
    public string Hostname { get; set; } = "";
    public string HostOs { get; set; } = "";
    public string Platform { get; set; } = "";
    public string HostTarget { get; set; } = "";
    public List<string> Tags { get; set; } = new();
    public long PhasesOk { get; set; }
    public long PhasesFailed { get; set; }
    public long PhasesTotal { get; set; }
    public long Errors { get; set; }
    public long Warnings { get; set; }
    public string AddDate { get; set; } = "";
    public string ModifyDate { get; set; } = "";
}

/// <summary>A phase with its dates and diagnostic counts; <see cref="Output"/> only where asked for.</summary>
internal sealed class PhaseDetail
{
    public long Id { get; set; }
    public long BuildId { get; set; }
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public long OutputLength { get; set; }
    public long Errors { get; set; }
    public long Warnings { get; set; }
    public string AddDate { get; set; } = "";
    public string ModifyDate { get; set; } = "";
    public string? Output { get; set; }
}

/// <summary>An error or warning extracted from a phase's output at ingest.</summary>
internal sealed class DiagnosticRecord
{
    public long Id { get; set; }
    public long BuildId { get; set; }
    public long PhaseId { get; set; }
    public string PhaseName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Code { get; set; }
    public string Text { get; set; } = "";
    public string? SourceFile { get; set; }
    public int? SourceLine { get; set; }
    public int? SourceColumn { get; set; }
    public int LogLine { get; set; }
    public List<string> ContextBefore { get; set; } = new();
    public List<string> ContextAfter { get; set; } = new();
    public int RepeatCount { get; set; }
}

/// <summary>A spec row without its dependencies.</summary>
internal sealed class SpecRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string Version { get; set; } = "";
    public string? Namespace { get; set; }
    public string FullHash { get; set; } = "";
    public string SpackVersion { get; set; } = "";
    public string AddDate { get; set; } = "";
}

/// <summary>A dependency edge of a spec DAG; <see cref="DependencySpecId"/> is null when that node was never stored.</summary>
internal sealed record DagEdge(long SpecId, long? DependencySpecId, string Name, string FullHash, string Types);

/// <summary>Every node reachable from a spec and the edges between them.</summary>
internal sealed record SpecGraph(List<SpecRow> Nodes, List<DagEdge> Edges);

/// <summary>A dependency of a spec in a diff: its name, the version and hash it resolved to.</summary>
internal sealed record DependencyVersion(string Name, string? Version, string FullHash);

/// <summary>A spec that uses a dependency, directly (depth 1) or through others.</summary>
internal sealed class DependentSpec
{
    public SpecRow Spec { get; set; } = new();
    public string DependencyVersion { get; set; } = "";
    public int Depth { get; set; }
    public bool Direct => Depth == 1;
}
