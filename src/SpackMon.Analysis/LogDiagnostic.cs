namespace SpackMon.Analysis;

/// <summary>Whether a diagnostic found in a log is an error or a warning.</summary>
public enum DiagnosticKind
{
    /// <summary>An error.</summary>
    Error,
    /// <summary>A warning.</summary>
    Warning,
}

/// <summary>One error or warning found in a build log.</summary>
public sealed class LogDiagnostic
{
    /// <summary>Error or warning.</summary>
    public DiagnosticKind Kind { get; init; }
    /// <summary>The diagnostic's code (e.g. <c>CS0103</c>, <c>NU1101</c>), or null when the form has none.</summary>
    public string? Code { get; init; }
    /// <summary>The message text.</summary>
    public string Text { get; init; } = "";
    /// <summary>The source file the diagnostic points at, or null.</summary>
    public string? SourceFile { get; init; }
    /// <summary>The line in <see cref="SourceFile"/>, or null.</summary>
    public int? SourceLine { get; init; }
    /// <summary>The column in <see cref="SourceFile"/>, or null.</summary>
    public int? SourceColumn { get; init; }
    /// <summary>The 1-based line of the log where it first appears.</summary>
    public int LogLine { get; init; }
    /// <summary>Up to <see cref="LogAnalyzer.ContextLines"/> log lines before it.</summary>
    public IReadOnlyList<string> ContextBefore { get; init; } = [];
    /// <summary>Up to <see cref="LogAnalyzer.ContextLines"/> log lines after it.</summary>
    public List<string> ContextAfter { get; } = [];
    /// <summary>How many times the same diagnostic appears in the log (MSBuild repeats each one in its summary).</summary>
    public int RepeatCount { get; set; } = 1;
}
