using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>The table of builds shared by the builds, spec and dependents pages.</summary>
internal static class BuildsTable
{
    /// <summary>Renders <paramref name="rows"/>; <paramref name="sortLink"/> makes the headers links that sort by a key.</summary>
    public static Html Render(IReadOnlyList<BuildRow> rows, Func<string, (string Href, string? Arrow)>? sortLink = null,
        string empty = "No builds match.")
    {
        var w = new HtmlWriter();
        if (rows.Count == 0)
        {
            w.Add($"""<div class="scroll"><p class="empty">{empty}</p></div>""");
            return new Html(w.ToString());
        }
        w.Add($"""<div class="scroll"><table class="builds"><thead><tr>""");
        foreach (var (key, label, css) in new (string?, string, string)[]
                 {
                     ("when", "Build", ""), ("spec", "Spec", ""), ("status", "Status", ""), ("owner", "Owner", "hide-sm"), (null, "Tags", "hide-sm"),
                     ("host", "Host", "hide-sm"), (null, "Phases", "num hide-sm"), ("errors", "Errors", "num"), ("warnings", "Warnings", "num hide-sm"),
                     ("updated", "When", "hide-sm"),
                 })
        {
            if (key is not null && sortLink is not null)
            {
                var (href, arrow) = sortLink(key);
                w.Add($"""<th class="{css}"><a href="{href}">{label}</a>{(arrow is null ? "" : " " + arrow)}</th>""");
            }
            else
                w.Add($"""<th class="{css}">{label}</th>""");
        }
        w.Add($"</tr></thead><tbody>");
        foreach (var b in rows)
        {
            w.Add($"""
                <tr data-build="{b.Id}"><td><a class="build-link" href="/builds/{b.Id}">#{b.Id}</a></td>
                <td><a href="/specs/{b.SpecId}">{b.SpecName}</a><span class="z">@{b.SpecVersion}</span></td>
                <td>{Layout.Badge(b.Status)}</td><td class="hide-sm"><a href="{Layout.Url("/", ("owner", b.Owner))}">{b.Owner}</a></td><td class="hide-sm">
                """);
            foreach (var tag in b.Tags)
                w.Add($"""<a class="tag" href="{Layout.Url("/", ("tag", tag))}">{tag}</a>""");
            w.Add($"""
                </td><td class="hide-sm" title="{b.HostOs} {b.Platform} {b.HostTarget}">{b.Hostname}</td>
                <td class="num hide-sm"><span title="succeeded">{b.PhasesOk}</span> / <span class="{(b.PhasesFailed > 0 ? "e" : "z")}" title="failed">{b.PhasesFailed}</span> <span class="z">of {b.PhasesTotal}</span></td>
                <td class="num"><span class="{(b.Errors > 0 ? "e" : "z")}">{b.Errors}</span></td>
                <td class="num hide-sm"><span class="{(b.Warnings > 0 ? "w" : "z")}">{b.Warnings}</span></td>
                <td class="hide-sm">{Layout.When(b.ModifyDate)}</td></tr>
                """);
        }
        w.Add($"</tbody></table></div>");
        return new Html(w.ToString());
    }

    /// <summary>Previous/next links and where the page is.</summary>
    public static Html Pager(long count, long offset, int size, Func<long, string> pageLink)
    {
        var w = new HtmlWriter();
        var page = offset / size + 1;
        var pages = Math.Max(1, (count + size - 1) / size);
        w.Add($"""<div class="pager">""");
        if (page > 1)
            w.Add($"""<a rel="prev" href="{pageLink(page - 1)}">← Previous</a>""");
        w.Add($"<span>Page {page} of {pages} · {Layout.Count(count, "build")}</span>");
        if (page < pages)
            w.Add($"""<a rel="next" href="{pageLink(page + 1)}">Next →</a>""");
        w.Add($"</div>");
        return new Html(w.ToString());
    }
}
