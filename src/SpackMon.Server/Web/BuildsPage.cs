using Microsoft.AspNetCore.Http;
using SpackMon.Protocol;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary><c>/</c>: every build, paged and sortable, with filters by status, tag, owner, spec name and a text search.</summary>
internal sealed class BuildsPage(MonitorStore store)
{
    private const int PageSize = 25;

    public async Task<PageResult> RenderAsync(HttpContext context)
    {
        var query = QueryInput.Builds(context, PageSize);
        var (count, rows) = await store.QueryBuildsAsync(query, context.RequestAborted);
        var (owners, tags) = await store.FilterChoicesAsync(context.RequestAborted);
        var order = query.Descending ? "desc" : "asc";
        (string, string?)[] Filters(params (string, string?)[] more) =>
        [
            ("q", query.Text), ("status", query.Status), ("tag", query.Tag), ("owner", query.Owner), ("spec", query.SpecName), .. more,
        ];

        var w = new HtmlWriter();
        w.Add($"""<h1>Builds</h1><p class="sub">{Layout.Count(count, "build")}{(Filtered(query) ? " match the filters" : " recorded")}.</p>""");
        w.Add($"""
            <form class="filters" method="get" action="/" role="search">
            <label>Search<input type="search" name="q" value="{query.Text}" placeholder="name, host, tag, CS0103…" maxlength="{QueryInput.MaxTextLength}"></label>
            <label>Status<select name="status"><option value="">any</option>
            """);
        foreach (var status in BuildStatus.All)
            w.Add($"""<option{new Html(status == query.Status ? " selected" : "")}>{status}</option>""");
        w.Add($"""</select></label><label>Owner<select name="owner"><option value="">anyone</option>""");
        foreach (var owner in owners.Union(query.Owner is null ? [] : [query.Owner]))
            w.Add($"""<option{new Html(owner == query.Owner ? " selected" : "")}>{owner}</option>""");
        w.Add($"""</select></label><label>Tag<select name="tag"><option value="">any</option>""");
        foreach (var tag in tags.Union(query.Tag is null ? [] : [query.Tag]))
            w.Add($"""<option{new Html(tag == query.Tag ? " selected" : "")}>{tag}</option>""");
        w.Add($"""
            </select></label><label>Spec name<input type="text" name="spec" value="{query.SpecName}" maxlength="{QueryInput.MaxTextLength}"></label>
            <input type="hidden" name="sort" value="{query.Sort}"><input type="hidden" name="order" value="{order}">
            <button type="submit">Filter</button>{new Html(Filtered(query) ? "<a href=\"/\">Clear</a>" : "")}
            </form>
            """);
        w.Add($"{BuildsTable.Render(rows, key =>
        {
            var active = key == query.Sort;
            var next = active ? (query.Descending ? "asc" : "desc") : key is "when" or "updated" or "errors" or "warnings" ? "desc" : "asc";
            return (Layout.Url("/", Filters(("sort", key), ("order", next))), active ? (query.Descending ? "▼" : "▲") : null);
        }, empty: Filtered(query) || query.Offset > 0 ? "No builds match." : NoBuildsYet(context))}");
        w.Add($"{BuildsTable.Pager(count, query.Offset, query.Limit, p => Layout.Url("/", Filters(("sort", query.Sort), ("order", order), ("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)))))}");
        return new PageResult(Layout.Page("Builds", "Builds", new Html(w.ToString())));
    }

    private static string NoBuildsYet(HttpContext context) =>
        $"No builds yet. Record one with: dotnet build -p:SpackMonitor=true -p:SpackMonitorHost={context.Request.Scheme}://{context.Request.Host}";

    private static bool Filtered(BuildQuery q) => q.Text is not null || q.Status is not null || q.Tag is not null || q.Owner is not null || q.SpecName is not null;
}
