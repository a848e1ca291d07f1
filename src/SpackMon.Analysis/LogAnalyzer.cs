using System.Buffers;

namespace SpackMon.Analysis;

/// <summary>
/// Extracts errors and warnings from a build log in one forward pass: MSBuild/Roslyn canonical diagnostics
/// (<c>path(line,col): error CS0103: text [project]</c>), NuGet (<c>NU1101</c>), gcc/clang
/// (<c>file:line:col: error: text</c>), CMake (<c>CMake Error at file:line</c>) and the generic forms of spack's
/// log parser (<c>error:</c>, <c>FAILED</c>, <c>undefined reference</c>, ...). No regular expressions: every
/// matcher is a bounded scan of one line, so hostile input (huge lines, deep brackets) stays linear.
/// </summary>
public static class LogAnalyzer
{
    /// <summary>Lines of context kept before and after each diagnostic.</summary>
    public const int ContextLines = 3;

    /// <summary>Longest text kept for a message or a context line; the rest is cut with an ellipsis.</summary>
    public const int MaxTextChars = 2000;

    /// <summary>At most this many distinct diagnostics are kept from one log.</summary>
    public const int MaxDiagnostics = 5000;

    // Words a diagnostic line must contain; everything between them is skipped by a vectorized search.
    private static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["error", "warning", "fail", "fatal", "undefined reference", "multiple definition", "segmentation fault",
         "no such file or directory", "traceback (most recent call last)", "***"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Finds the errors and warnings of <paramref name="log"/>, in the order they first appear.</summary>
    public static List<LogDiagnostic> Analyze(string? log)
    {
        var found = new List<LogDiagnostic>();
        if (string.IsNullOrEmpty(log))
            return found;
        var seen = new Dictionary<(DiagnosticKind, string?, string?, int?, int?, string), LogDiagnostic>();
        var text = log.AsSpan();
        var pos = 0;       // always at the start of a line
        var lineNo = 1;    // the line number of pos
        while (pos < text.Length)
        {
            var offset = text[pos..].IndexOfAny(Triggers);
            if (offset < 0)
                break;
            var hit = pos + offset;
            var lineStart = text[pos..hit].LastIndexOf('\n') + 1 + pos;
            lineNo += text[pos..lineStart].Count('\n');
            var newline = text[hit..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : hit + newline;
            var line = text[lineStart..lineEnd].TrimEnd('\r');

            if (LineClassifier.Classify(line) is { } match)
            {
                var key = (match.Kind, match.Code, match.File, match.Line, match.Column, match.Text);
                if (seen.TryGetValue(key, out var earlier))
                    earlier.RepeatCount++;
                else if (found.Count < MaxDiagnostics)
                {
                    var diagnostic = new LogDiagnostic
                    {
                        Kind = match.Kind, Code = match.Code, Text = Cut(match.Text), SourceFile = match.File,
                        SourceLine = match.Line, SourceColumn = match.Column, LogLine = lineNo,
                        ContextBefore = LinesBefore(text, lineStart),
                    };
                    diagnostic.ContextAfter.AddRange(LinesAfter(text, lineEnd));
                    seen.Add(key, diagnostic);
                    found.Add(diagnostic);
                }
            }
            pos = lineEnd + 1;
            lineNo++;
        }
        return found;
    }

    internal static string Cut(string s) => s.Length <= MaxTextChars ? s : Cut(s.AsSpan());

    private static string Cut(ReadOnlySpan<char> s) =>
        s.Length <= MaxTextChars ? s.ToString() : string.Concat(s[..MaxTextChars], "…");

    private static string[] LinesBefore(ReadOnlySpan<char> text, int lineStart)
    {
        var lines = new List<string>(ContextLines);
        var end = lineStart - 1; // the '\n' ending the previous line
        while (lines.Count < ContextLines && end >= 0)
        {
            var start = text[..end].LastIndexOf('\n') + 1;
            lines.Add(Cut(text[start..end].TrimEnd('\r')));
            end = start - 1;
        }
        lines.Reverse();
        return [.. lines];
    }

    private static IEnumerable<string> LinesAfter(ReadOnlySpan<char> text, int lineEnd)
    {
        var lines = new List<string>(ContextLines);
        var start = lineEnd + 1;
        while (lines.Count < ContextLines && start < text.Length)
        {
            var newline = text[start..].IndexOf('\n');
            var end = newline < 0 ? text.Length : start + newline;
            lines.Add(Cut(text[start..end].TrimEnd('\r')));
            start = end + 1;
        }
        return lines;
    }
}
