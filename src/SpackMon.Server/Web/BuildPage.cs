using System.Globalization;
using Microsoft.AspNetCore.Http;
using SpackMon.Protocol;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>
/// <c>/builds/{id}</c>: spec and environment, the phases as a timeline, the extracted errors and warnings linked to
/// their lines, and each phase's output with line numbers and those lines highlighted.
/// </summary>
internal sealed class BuildPage(MonitorStore store)
{
    /// <summary>Diagnostics listed at the top; the rest are counted.</summary>
    private const int MaxListed = 200;

    public async Task<PageResult> RenderAsync(HttpContext context, long id)
    {
        var ct = context.RequestAborted;
        var build = await store.BuildAsync(id, ct) ?? throw ApiError.NotFound($"There is no build {id}.");
        var phases = await store.PhasesAsync(id, false, ct);
        var outputs = build.Phases.ToDictionary(p => p.Id, p => p.Output);
        var (diagnosticCount, diagnostics) = await store.DiagnosticsAsync(id, null, null, 0, SpackMon.Analysis.LogAnalyzer.MaxDiagnostics * 4, ct);
        var errors = diagnostics.Count(d => d.Kind == "error");
        var warnings = diagnostics.Count - errors;

        var w = new HtmlWriter();
        w.Add($"""
            <h1>{build.Spec.Name}<span class="z">@{build.Spec.Version}</span> {Layout.Badge(build.Status)}</h1>
            <p class="sub">Build #{build.Id} by <a href="{Layout.Url("/", ("owner", build.Owner))}">{build.Owner}</a> on {build.BuildEnvironment.Hostname}
            · started {Layout.When(build.AddDate)} · updated {Layout.When(build.ModifyDate)}</p>
            <div class="grid"><section class="card"><h3>Spec</h3><dl class="facts">
            <dt>Name</dt><dd><a href="/specs/{build.Spec.Id}">{build.Spec.Name}</a></dd><dt>Version</dt><dd>{build.Spec.Version}</dd>
            <dt>Full hash</dt><dd class="hash">{build.Spec.FullHash}</dd><dt>Tool version</dt><dd>{build.Spec.SpackVersion}</dd><dt>Tags</dt><dd>
            """);
        foreach (var tag in build.Tags)
            w.Add($"""<a class="tag" href="{Layout.Url("/", ("tag", tag))}">{tag}</a>""");
        if (build.Tags.Count == 0)
            w.Add($"""<span class="z">none</span>""");
        w.Add($"</dd>");
        if (build.ConfigArgs is { Length: > 0 } configArgs)
            w.Add($"""<dt>Config args</dt><dd class="mono">{configArgs}</dd>""");
        var env = build.BuildEnvironment;
        w.Add($"""
            </dl></section><section class="card"><h3>Environment</h3><dl class="facts">
            <dt>Host</dt><dd>{env.Hostname}</dd><dt>OS</dt><dd>{env.HostOs}</dd><dt>Platform</dt><dd>{env.Platform}</dd>
            <dt>Target</dt><dd>{env.HostTarget}</dd><dt>Kernel</dt><dd>{env.KernelVersion}</dd></dl></section></div>
            """);

        WriteProblems(w, diagnostics, diagnosticCount, errors, warnings);
        WriteTimeline(w, build.AddDate, phases, outputs);

        w.Add($"<h2>Output</h2>");
        if (phases.Count == 0)
            w.Add($"""<div class="card empty">No phase has been reported.</div>""");
        var byPhase = diagnostics.ToLookup(d => d.PhaseId);
        foreach (var phase in phases)
            WritePhase(w, build.Id, phase, outputs.GetValueOrDefault(phase.Id), byPhase[phase.Id].ToList());

        if (build.Envars.Count > 0)
        {
            w.Add($"""<details class="phase"><summary><h3>Environment variables</h3><span class="z">{build.Envars.Count}</span></summary><div class="scroll"><table><tbody>""");
            foreach (var variable in build.Envars)
                w.Add($"""<tr><td class="mono">{variable.Name}</td><td class="mono">{variable.Value}</td></tr>""");
            w.Add($"</tbody></table></div></details>");
        }
        return new PageResult(Layout.Page($"#{build.Id} {build.Spec.Name}@{build.Spec.Version} {build.Status}", "Builds", new Html(w.ToString())));
    }

    /// <summary>The id of log line <paramref name="line"/> of a phase: the target of the problem links.</summary>
    public static string LineAnchor(long phaseId, int line) => "p" + phaseId.ToString(CultureInfo.InvariantCulture) + "-L" + line.ToString(CultureInfo.InvariantCulture);

    private static void WriteProblems(HtmlWriter w, List<DiagnosticRecord> diagnostics, long total, int errors, int warnings)
    {
        w.Add($"""<h2 id="problems">Problems <span class="{(errors > 0 ? "e" : "z")}">{Layout.Count(errors, "error")}</span>, <span class="{(warnings > 0 ? "w" : "z")}">{Layout.Count(warnings, "warning")}</span></h2>""");
        if (diagnostics.Count == 0)
        {
            w.Add($"""<div class="card empty">No errors or warnings were found in the phase outputs.</div>""");
            return;
        }
        w.Add($"""<ul class="problems">""");
        foreach (var d in diagnostics.OrderBy(d => d.Kind == "error" ? 0 : 1).ThenBy(d => d.PhaseId).ThenBy(d => d.LogLine).Take(MaxListed))
        {
            var source = d.SourceFile is null ? "" : d.SourceFile + (d.SourceLine is { } l ? "(" + l.ToString(CultureInfo.InvariantCulture)
                + (d.SourceColumn is { } c ? "," + c.ToString(CultureInfo.InvariantCulture) : "") + ")" : "");
            w.Add($"""
                <li class="{d.Kind}"><a class="problem" href="#{LineAnchor(d.PhaseId, d.LogLine)}">{d.PhaseName} line {d.LogLine}</a>
                <strong class="{(d.Kind == "error" ? "e" : "w")}">{d.Kind}{(d.Code is null ? "" : " " + d.Code)}</strong>: {d.Text}
                """);
            if (d.RepeatCount > 1)
                w.Add($"""<span class="z"> ×{d.RepeatCount}</span>""");
            if (source.Length > 0)
                w.Add($"""<div class="where">{source}</div>""");
            w.Add($"</li>");
        }
        w.Add($"</ul>");
        if (total > MaxListed)
            w.Add($"""<p class="z">{total - MaxListed} more are highlighted in the output below and listed by the JSON API.</p>""");
    }

    private static void WriteTimeline(HtmlWriter w, string buildStart, List<PhaseDetail> phases, Dictionary<long, string?> outputs)
    {
        w.Add($"<h2>Phases</h2>");
        if (phases.Count == 0)
            return;
        // Our client writes each phase's duration into its output. Other clients (spack) report a phase when it ends:
        // the time since the previous report is then the phase's duration, shown as approximate.
        var durations = new List<double?>();
        var approximate = new List<bool>();
        for (var i = 0; i < phases.Count; i++)
        {
            var written = PhaseDuration(outputs.GetValueOrDefault(phases[i].Id));
            var since = Seconds(i == 0 ? buildStart : phases[i - 1].AddDate, phases[i].AddDate);
            durations.Add(written ?? since);
            approximate.Add(written is null && since is not null);
        }
        var longest = durations.Where(d => d is not null).Select(d => d!.Value).DefaultIfEmpty(0).Max();
        w.Add($"""<div class="card"><div class="timeline">""");
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var kind = phase.Status switch
            {
                PhaseStatus.Success => "",
                PhaseStatus.Error or PhaseStatus.Failed => "bad",
                PhaseStatus.Cancelled => "warn",
                _ => "idle",
            };
            var width = durations[i] is { } seconds && longest > 0 ? Math.Max(1, seconds / longest * 100) : 1;
            var counts = (phase.Errors > 0 ? Layout.Count(phase.Errors, "error") + " " : "") + (phase.Warnings > 0 ? Layout.Count(phase.Warnings, "warning") : "");
            w.Add($"""
                <a href="#phase-{phase.Id}">{phase.Name}</a>{Layout.Badge(phase.Status)}
                <div class="track" title="{counts}"><div class="bar {kind}" style="width:{width.ToString("0.#", CultureInfo.InvariantCulture)}%"></div></div>
                <span class="dur mono">{(durations[i] is { } d ? (approximate[i] ? "≈ " : "") + Layout.Duration(d) : "—")}</span>
                """);
        }
        w.Add($"</div></div>");
    }

    private static void WritePhase(HtmlWriter w, long buildId, PhaseDetail phase, string? output, List<DiagnosticRecord> diagnostics)
    {
        var open = diagnostics.Count > 0 || phase.Status != PhaseStatus.Success;
        w.Add($"""
            <details class="phase" id="phase-{phase.Id}"{new Html(open ? " open" : "")}><summary><h3>{phase.Name}</h3>{Layout.Badge(phase.Status)}
            <span class="z">{Layout.Count(LogView.CountLines(output), "line")}</span>
            """);
        if (phase.Errors > 0)
            w.Add($"""<span class="e">{Layout.Count(phase.Errors, "error")}</span>""");
        if (phase.Warnings > 0)
            w.Add($"""<span class="w">{Layout.Count(phase.Warnings, "warning")}</span>""");
        w.Add($"""<a href="/builds/{buildId}/phases/{phase.Id}/output.txt">raw</a></summary>""");
        w.Add($"{LogView.Render(phase.Id, output, diagnostics)}</details>");
    }

    /// <summary>Seconds from one stored timestamp to a later one, or null.</summary>
    private static double? Seconds(string from, string to) =>
        DateTime.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var start)
        && DateTime.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var end) && end >= start
            ? (end - start).TotalSeconds
            : null;

    /// <summary>The duration our client writes on a phase's last line (<c>==> compile ERROR in 2.31 s</c>), or null.</summary>
    internal static double? PhaseDuration(string? output)
    {
        if (string.IsNullOrEmpty(output))
            return null;
        var text = output.AsSpan().TrimEnd();
        var last = text[(text.LastIndexOf('\n') + 1)..];
        if (!last.StartsWith("==> ") || !last.EndsWith(" s"))
            return null;
        var at = last.LastIndexOf(" in ");
        return at < 0 || !double.TryParse(last[(at + 4)..^2], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0
            ? null
            : seconds;
    }
}
