namespace SpackMon.Analysis;

/// <summary>What one log line says, when it is a diagnostic.</summary>
internal readonly record struct LineMatch(DiagnosticKind Kind, string? Code, string Text, string? File, int? Line, int? Column);

/// <summary>Recognizes one log line; each form is a bounded, linear scan.</summary>
internal static class LineClassifier
{
    public static LineMatch? Classify(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || IsSummary(trimmed))
            return null;
        return Canonical(trimmed) ?? Compiler(trimmed) ?? CMake(trimmed) ?? Generic(trimmed);
    }

    // "3 Warning(s)", "0 Error(s)", "Build FAILED." — MSBuild's summary, not a diagnostic of its own.
    private static bool IsSummary(ReadOnlySpan<char> line) =>
        line.SequenceEqual("Build FAILED.") || line.SequenceEqual("Build succeeded.")
        || (char.IsAsciiDigit(line[0]) && (line.EndsWith(" Warning(s)") || line.EndsWith(" Error(s)")));

    /// <summary>MSBuild canonical form: <c>origin : [subcategory] error|warning CODE: text [project]</c>.</summary>
    private static LineMatch? Canonical(ReadOnlySpan<char> line) =>
        CanonicalWith(line, "error", DiagnosticKind.Error) ?? CanonicalWith(line, "warning", DiagnosticKind.Warning);

    private static LineMatch? CanonicalWith(ReadOnlySpan<char> line, string word, DiagnosticKind kind)
    {
        var from = 0;
        while (from < line.Length)
        {
            var rel = line[from..].IndexOf(word, StringComparison.Ordinal);
            if (rel < 0)
                return null;
            var at = from + rel;
            from = at + word.Length;
            if (at > 0 && line[at - 1] != ' ')
                continue;
            var origin = line[..at].TrimEnd();
            if (origin.Length > 0 && origin[^1] != ':')
                continue;
            var rest = line[from..];
            if (rest.Length < 2 || rest[0] != ' ')
                continue;
            var codeLength = CodeLength(rest[1..]);
            if (codeLength == 0 || rest.Length <= 1 + codeLength || rest[1 + codeLength] != ':')
                continue;
            var code = rest.Slice(1, codeLength).ToString();
            var text = WithoutProject(rest[(2 + codeLength)..].Trim());
            var (file, lineNo, column) = Origin(origin.Length > 0 ? origin[..^1].Trim() : origin);
            return new LineMatch(kind, code, text.ToString(), file, lineNo, column);
        }
        return null;
    }

    // CS0103, NU1101, MSB3277, IDE0005, CA1822: letters then digits.
    private static int CodeLength(ReadOnlySpan<char> s)
    {
        var letters = 0;
        while (letters < s.Length && letters < 12 && char.IsAsciiLetter(s[letters]))
            letters++;
        var digits = 0;
        while (letters + digits < s.Length && digits < 8 && char.IsAsciiDigit(s[letters + digits]))
            digits++;
        return letters > 0 && digits > 0 ? letters + digits : 0;
    }

    private static ReadOnlySpan<char> WithoutProject(ReadOnlySpan<char> text)
    {
        if (text.Length > 0 && text[^1] == ']')
        {
            var open = text.LastIndexOf(" [");
            if (open > 0)
                return text[..open].TrimEnd();
        }
        return text;
    }

    // "path(10,5)", "path(10)", "path(10,5,10,9)", "path", or a tool name such as "CSC" / "MSBUILD".
    private static (string? File, int? Line, int? Column) Origin(ReadOnlySpan<char> origin)
    {
        if (origin.Length == 0)
            return (null, null, null);
        if (origin[^1] == ')')
        {
            var open = origin.LastIndexOf('(');
            if (open > 0)
            {
                var inside = origin[(open + 1)..^1];
                var comma = inside.IndexOf(',');
                var first = comma < 0 ? inside : inside[..comma];
                if (int.TryParse(first, out var lineNo))
                {
                    int? column = null;
                    if (comma >= 0)
                    {
                        var second = inside[(comma + 1)..];
                        var next = second.IndexOf(',');
                        if (int.TryParse(next < 0 ? second : second[..next], out var c))
                            column = c;
                    }
                    return (origin[..open].ToString(), lineNo, column);
                }
            }
        }
        var looksLikePath = origin.IndexOfAny('/', '\\', '.') >= 0;
        return (looksLikePath ? origin.ToString() : null, null, null);
    }

    /// <summary>gcc/clang: <c>file:line[:col]: error|warning|fatal error: text [-Wflag]</c>.</summary>
    private static LineMatch? Compiler(ReadOnlySpan<char> line)
    {
        foreach (var (marker, kind) in CompilerMarkers)
        {
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at <= 0)
                continue;
            var location = line[..at];
            var text = line[(at + marker.Length)..].Trim();
            string? code = null;
            if (text.Length > 0 && text[^1] == ']')
            {
                var open = text.LastIndexOf(" [-W");
                if (open >= 0)
                {
                    code = text[(open + 2)..^1].ToString();
                    text = text[..open].TrimEnd();
                }
            }
            int? lineNo = null, column = null;
            var lastColon = location.LastIndexOf(':');
            if (lastColon > 0 && int.TryParse(location[(lastColon + 1)..], out var n))
            {
                location = location[..lastColon];
                var colon = location.LastIndexOf(':');
                if (colon > 0 && int.TryParse(location[(colon + 1)..], out var l))
                {
                    (lineNo, column) = (l, n);
                    location = location[..colon];
                }
                else
                    lineNo = n;
            }
            if (location.IndexOf(' ') >= 0 && lineNo is null)
                continue; // "checking foo: error: ..." is prose, left to the generic forms
            return new LineMatch(kind, code, text.ToString(), location.ToString(), lineNo, column);
        }
        return null;
    }

    private static readonly (string Marker, DiagnosticKind Kind)[] CompilerMarkers =
    [
        (": fatal error: ", DiagnosticKind.Error),
        (": error: ", DiagnosticKind.Error),
        (": warning: ", DiagnosticKind.Warning),
    ];

    /// <summary>CMake: <c>CMake Error at CMakeLists.txt:12 (message):</c> and its warnings.</summary>
    private static LineMatch? CMake(ReadOnlySpan<char> line)
    {
        DiagnosticKind kind;
        if (line.StartsWith("CMake Error"))
            kind = DiagnosticKind.Error;
        else if (line.StartsWith("CMake Warning"))
            kind = DiagnosticKind.Warning;
        else
            return null;
        string? file = null;
        int? lineNo = null;
        var at = line.IndexOf(" at ");
        if (at > 0)
        {
            var location = line[(at + 4)..];
            var end = location.IndexOfAny(' ', '(');
            if (end > 0)
                location = location[..end];
            location = location.TrimEnd(':');
            var colon = location.LastIndexOf(':');
            if (colon > 0 && int.TryParse(location[(colon + 1)..], out var n))
                (file, lineNo) = (location[..colon].ToString(), n);
            else
                file = location.ToString();
        }
        return new LineMatch(kind, null, line.ToString(), file, lineNo, null);
    }

    /// <summary>The generic forms of spack's log parser.</summary>
    private static LineMatch? Generic(ReadOnlySpan<char> line)
    {
        if (StartsWithAny(line, ErrorStarts) || ContainsWord(line, "error:") || ContainsAny(line, ErrorPhrases))
            return new LineMatch(DiagnosticKind.Error, null, line.ToString(), null, null, null);
        if (StartsWithAny(line, WarningStarts) || ContainsWord(line, "warning:"))
            return new LineMatch(DiagnosticKind.Warning, null, line.ToString(), null, null, null);
        return null;
    }

    private static readonly string[] ErrorStarts = ["FAILED", "FAIL:", "FATAL:", "fatal:", "ERROR", "Error "];
    private static readonly string[] WarningStarts = ["WARNING", "Warning:"];
    private static readonly string[] ErrorPhrases =
    [
        "undefined reference to", "multiple definition of", "Segmentation fault", "No such file or directory",
        "Traceback (most recent call last)", ": *** ", "The following tests FAILED",
    ];

    private static bool StartsWithAny(ReadOnlySpan<char> line, string[] starts)
    {
        foreach (var s in starts)
            if (line.StartsWith(s, StringComparison.Ordinal))
                return true;
        return false;
    }

    private static bool ContainsAny(ReadOnlySpan<char> line, string[] phrases)
    {
        foreach (var p in phrases)
            if (line.IndexOf(p, StringComparison.Ordinal) >= 0)
                return true;
        return false;
    }

    // "error:" not preceded by a letter or digit (so "-Werror:" and "myerror:" do not count).
    private static bool ContainsWord(ReadOnlySpan<char> line, string word)
    {
        var from = 0;
        while (from < line.Length)
        {
            var rel = line[from..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
            if (rel < 0)
                return false;
            var at = from + rel;
            if (at == 0 || !char.IsAsciiLetterOrDigit(line[at - 1]))
                return true;
            from = at + word.Length;
        }
        return false;
    }
}
