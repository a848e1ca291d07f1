using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>
/// A phase's output with line numbers, each line its own anchor, error and warning lines highlighted. A very long
/// output shows its head, its tail and the lines around each diagnostic; the raw text has the rest. A later line
/// identical to a diagnostic's line (MSBuild repeats each one in its summary) is highlighted as a repeat.
/// </summary>
internal static class LogView
{
    /// <summary>Outputs up to this many lines are shown whole.</summary>
    public const int MaxWholeLines = 5000;

    private const int HeadTail = 500;
    private const int AroundDiagnostic = 15;
    private const int MaxLineChars = 4000;

    public static int CountLines(string? output)
    {
        if (string.IsNullOrEmpty(output))
            return 0;
        var count = output.AsSpan().Count('\n');
        return output[^1] == '\n' ? count : count + 1;
    }

    public static Html Render(long phaseId, string? output, IReadOnlyList<DiagnosticRecord> diagnostics)
    {
        var w = new HtmlWriter();
        if (string.IsNullOrEmpty(output))
        {
            w.Add($"""<div class="log"><div class="gap">This phase has no output.</div></div>""");
            return new Html(w.ToString());
        }
        var marks = new Dictionary<int, string>();
        foreach (var d in diagnostics)
            if (d.Kind == "error" || !marks.ContainsKey(d.LogLine))
                marks[d.LogLine] = d.Kind == "error" ? "err" : "warn";
        var total = CountLines(output);
        var shown = total <= MaxWholeLines ? null : ShownLines(total, marks.Keys);

        var repeats = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeatLookup = repeats.GetAlternateLookup<ReadOnlySpan<char>>();
        w.Add($"""<div class="log" role="log">""");
        var text = output.AsSpan();
        var skipped = 0;
        for (int line = 1, pos = 0; line <= total; line++)
        {
            var newline = text[pos..].IndexOf('\n');
            var end = newline < 0 ? text.Length : pos + newline;
            if (shown is null || shown.Contains(line))
            {
                if (skipped > 0)
                    w.Add($"""<div class="gap">⋯ {Layout.Count(skipped, "line")} not shown</div>""");
                skipped = 0;
                var content = text[pos..end].TrimEnd('\r');
                var cut = content.Length > MaxLineChars;
                string css;
                if (marks.TryGetValue(line, out var mark))
                {
                    css = "l " + mark;
                    if (!cut)
                        repeats.TryAdd(content.ToString(), mark);
                }
                else
                    css = repeats.Count > 0 && repeatLookup.TryGetValue(content, out var repeated) ? "l " + repeated + " rep" : "l";
                var anchor = BuildPage.LineAnchor(phaseId, line);
                w.Add($"""<div class="{css}" id="{anchor}"><a class="n" href="#{anchor}">{line}</a><span class="t">""");
                w.Text(cut ? content[..MaxLineChars].ToString() : content.ToString());
                w.Add($"""{(cut ? " … (line cut)" : "")}</span></div>""");
            }
            else
                skipped++;
            pos = end + 1;
        }
        if (skipped > 0)
            w.Add($"""<div class="gap">⋯ {Layout.Count(skipped, "line")} not shown</div>""");
        w.Add($"</div>");
        return new Html(w.ToString());
    }

    private static HashSet<int> ShownLines(int total, IEnumerable<int> marked)
    {
        var shown = new HashSet<int>();
        for (var i = 1; i <= HeadTail; i++)
        {
            shown.Add(i);
            shown.Add(total - HeadTail + i);
        }
        foreach (var line in marked)
            for (var i = Math.Max(1, line - AroundDiagnostic); i <= Math.Min(total, line + AroundDiagnostic); i++)
                shown.Add(i);
        return shown;
    }
}
