using System.Globalization;
using Microsoft.AspNetCore.Http;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary><c>/dependents?name=X&amp;version=Y</c>: every spec that used dependency X (at Y), and every build of those specs.</summary>
internal sealed class DependentsPage(MonitorStore store)
{
    private const int PageSize = 50;

    public async Task<PageResult> RenderAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var name = QueryInput.Text(context, "name");
        var version = QueryInput.Text(context, "version");
        var w = new HtmlWriter();
        w.Add($"""
            <h1>Dependents</h1><p class="sub">Which specs and builds used a dependency: a NuGet package, a project or a spack package.</p>
            <form class="filters" method="get" action="/dependents" role="search">
            <label>Dependency name<input type="text" name="name" value="{name}" placeholder="Newtonsoft.Json" required maxlength="{QueryInput.MaxTextLength}"></label>
            <label>Version (optional)<input type="text" name="version" value="{version}" placeholder="13.0.3" maxlength="{QueryInput.MaxTextLength}"></label>
            <button type="submit">Find</button></form>
            """);
        if (name is null)
            return new PageResult(Layout.Page("Dependents", "Dependents", new Html(w.ToString())));

        var (_, versions) = await store.ListSpecsAsync(name, null, 0, 200, ct);
        var dependents = await store.DependentsAsync(name, version, ct);
        var filters = QueryInput.Builds(context, PageSize);
        var query = new BuildQuery
        {
            SpecIds = dependents.Select(d => d.Spec.Id).ToList(), Sort = filters.Sort, Descending = filters.Descending,
            Offset = filters.Offset, Limit = filters.Limit,
        };
        var (buildCount, builds) = await store.QueryBuildsAsync(query, ct);
        var label = name + (version is null ? "" : "@" + version);

        if (versions.Count > 0)
        {
            w.Add($"""<p>Known versions of {name}: """);
            foreach (var v in versions.Select(v => v.Version).Distinct())
                w.Add($"""<a class="tag" href="{Layout.Url("/dependents", ("name", name), ("version", v))}">{v}</a>""");
            if (version is not null)
                w.Add($"""<a href="{Layout.Url("/dependents", ("name", name))}">any version</a>""");
            w.Add($"</p>");
        }
        w.Add($"""
            <p class="sub" id="dependents-summary">{Layout.Count(dependents.Count, "spec")} used {label} ({dependents.Count(d => d.Direct)} directly); {Layout.Count(buildCount, "build")} of them.</p>
            <h2>Builds that used {label}</h2>{BuildsTable.Render(builds)}
            {BuildsTable.Pager(buildCount, query.Offset, query.Limit, p => Layout.Url("/dependents", ("name", name), ("version", version), ("page", p.ToString(CultureInfo.InvariantCulture))))}
            <h2>Specs that used {label}</h2>
            """);
        if (dependents.Count == 0)
            w.Add($"""<div class="scroll"><p class="empty">{(versions.Count == 0 ? "No spec named " + label + " is known." : "Nothing depends on " + label + ".")}</p></div>""");
        else
        {
            w.Add($"""<div class="scroll"><table class="dependents"><thead><tr><th>Spec</th><th>Namespace</th><th>Uses version</th><th>How</th></tr></thead><tbody>""");
            foreach (var d in dependents)
                w.Add($"""
                    <tr><td><a href="/specs/{d.Spec.Id}">{d.Spec.Name}</a><span class="z">@{d.Spec.Version}</span></td><td>{d.Spec.Namespace}</td>
                    <td>{d.DependencyVersion}</td><td>{(d.Direct ? "direct" : "through " + Layout.Count(d.Depth - 1, "other spec"))}</td></tr>
                    """);
            w.Add($"</tbody></table></div>");
        }
        return new PageResult(Layout.Page("Dependents of " + label, "Dependents", new Html(w.ToString())));
    }
}
