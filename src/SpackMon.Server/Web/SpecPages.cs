using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary><c>/specs</c> (a list), <c>/specs/{id}</c> (parameters, DAG, builds) and <c>/specs/diff?a=&amp;b=</c>.</summary>
internal sealed class SpecPages(MonitorStore store)
{
    private const int PageSize = 50;

    public async Task<PageResult> ListAsync(HttpContext context)
    {
        var name = QueryInput.Text(context, "name");
        var ns = QueryInput.Text(context, "namespace");
        var (page, size) = QueryInput.Paging(context, PageSize);
        var offset = (long)(page - 1) * size;
        var (count, specs) = await store.ListSpecsAsync(name, ns, offset, size, context.RequestAborted);
        var w = new HtmlWriter();
        w.Add($"""
            <h1>Specs</h1><p class="sub">{Layout.Count(count, "spec")}: projects (namespace dotnet), packages (nuget) and spack packages.</p>
            <form class="filters" method="get" action="/specs"><label>Name<input type="text" name="name" value="{name}" maxlength="{QueryInput.MaxTextLength}"></label>
            <label>Namespace<input type="text" name="namespace" value="{ns}" maxlength="{QueryInput.MaxTextLength}"></label><button type="submit">Filter</button></form>
            """);
        if (specs.Count == 0)
            w.Add($"""<div class="scroll"><p class="empty">No specs match.</p></div>""");
        else
        {
            w.Add($"""<div class="scroll"><table><thead><tr><th>Spec</th><th>Namespace</th><th class="hide-sm">Full hash</th><th class="hide-sm">Added</th><th></th></tr></thead><tbody>""");
            foreach (var s in specs)
                w.Add($"""
                    <tr><td><a href="/specs/{s.Id}">{s.Name}</a><span class="z">@{s.Version}</span></td><td>{s.Namespace}</td>
                    <td class="hash hide-sm">{s.FullHash}</td><td class="hide-sm">{Layout.When(s.AddDate)}</td>
                    <td><a href="{Layout.Url("/dependents", ("name", s.Name), ("version", s.Version))}">dependents</a></td></tr>
                    """);
            w.Add($"</tbody></table></div>");
        }
        w.Add($"""{BuildsTable.Pager(count, offset, size, p => Layout.Url("/specs", ("name", name), ("namespace", ns), ("page", p.ToString(CultureInfo.InvariantCulture))))}""");
        return new PageResult(Layout.Page("Specs", "Specs", new Html(w.ToString())));
    }

    public async Task<PageResult> SpecAsync(HttpContext context, long id)
    {
        var ct = context.RequestAborted;
        var spec = await store.SpecByIdAsync(id, ct) ?? throw ApiError.NotFound($"There is no spec {id}.");
        var graph = await store.SpecGraphAsync(id, ct);
        var dependencies = await store.DependencyVersionsAsync(id, ct);
        var (buildCount, builds) = await store.QueryBuildsAsync(new BuildQuery { SpecIds = [id], Limit = 200 }, ct);
        var (_, sameName) = await store.ListSpecsAsync(spec.Name, null, 0, 200, ct);

        var w = new HtmlWriter();
        w.Add($"""
            <h1>{spec.Name}<span class="z">@{spec.Version}</span></h1>
            <p class="sub">Spec #{spec.Id}{(spec.Namespace is null ? "" : " · namespace " + spec.Namespace)} · added {Layout.When(spec.AddDate)}
            · <a href="{Layout.Url("/dependents", ("name", spec.Name), ("version", spec.Version))}">what uses it</a></p>
            <div class="grid"><section class="card"><h3>Parameters</h3>{Facts(Fields(spec))}</section>
            <section class="card"><h3>Compare</h3>
            """);
        var others = sameName.Where(s => s.Id != spec.Id).ToList();
        if (others.Count == 0)
            w.Add($"""<p class="z">No other spec is named {spec.Name}.</p>""");
        else
        {
            w.Add($"""<form class="filters" method="get" action="/specs/diff"><input type="hidden" name="a" value="{spec.Id}"><label>Another {spec.Name}<select name="b">""");
            foreach (var other in others)
                w.Add($"""<option value="{other.Id}">{other.Name}@{other.Version} {other.FullHash[..Math.Min(8, other.FullHash.Length)]}</option>""");
            w.Add($"""</select></label><button type="submit">Diff</button></form>""");
        }
        w.Add($"</section></div>");

        w.Add($"""<h2>Dependency graph <span class="z">{Layout.Count(graph.Nodes.Count, "node")}</span></h2>{DagSvg.Render(graph, id)}""");
        w.Add($"""<h2>Direct dependencies <span class="z">{dependencies.Count}</span></h2>""");
        if (dependencies.Count == 0)
            w.Add($"""<div class="card empty">None.</div>""");
        else
        {
            var types = spec.Dependencies.ToDictionary(d => d.Name, d => string.Join(", ", d.Type));
            var ids = graph.Edges.Where(e => e.SpecId == id).ToDictionary(e => e.Name, e => e.DependencySpecId);
            w.Add($"""<div class="scroll"><table><thead><tr><th>Name</th><th>Version</th><th>Type</th><th class="hide-sm">Full hash</th></tr></thead><tbody>""");
            foreach (var d in dependencies)
            {
                var href = ids.GetValueOrDefault(d.Name) is { } target ? "/specs/" + target.ToString(CultureInfo.InvariantCulture) : null;
                w.Add($"""<tr><td>{(href is null ? new Html(HtmlWriter.Encode(d.Name)) : Link(href, d.Name))}</td><td>{d.Version}</td><td>{types.GetValueOrDefault(d.Name)}</td><td class="hash hide-sm">{d.FullHash}</td></tr>""");
            }
            w.Add($"</tbody></table></div>");
        }
        w.Add($"""<h2>Builds <span class="z">{buildCount}</span></h2>{BuildsTable.Render(builds)}""");
        if (buildCount > builds.Count)
            w.Add($"""<p><a href="{Layout.Url("/", ("spec", spec.Name))}">All builds named {spec.Name}</a></p>""");
        return new PageResult(Layout.Page($"{spec.Name}@{spec.Version}", "Specs", new Html(w.ToString())));
    }

    public async Task<PageResult> DiffAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var aId = QueryInput.RequiredId(context, "a");
        var bId = QueryInput.RequiredId(context, "b");
        var a = await store.SpecByIdAsync(aId, ct) ?? throw ApiError.NotFound($"There is no spec {aId}.");
        var b = await store.SpecByIdAsync(bId, ct) ?? throw ApiError.NotFound($"There is no spec {bId}.");
        var fieldsA = Fields(a).ToDictionary(f => f.Name, f => f.Value);
        var fieldsB = Fields(b).ToDictionary(f => f.Name, f => f.Value);
        var fieldNames = Fields(a).Select(f => f.Name).Concat(fieldsB.Keys).Distinct().ToList();
        var depsA = (await store.DependencyVersionsAsync(aId, ct)).ToDictionary(d => d.Name);
        var depsB = (await store.DependencyVersionsAsync(bId, ct)).ToDictionary(d => d.Name);
        var depNames = depsA.Keys.Union(depsB.Keys).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var fieldDiffs = fieldNames.Count(n => fieldsA.GetValueOrDefault(n) != fieldsB.GetValueOrDefault(n));
        var depDiffs = depNames.Count(n => depsA.GetValueOrDefault(n)?.FullHash != depsB.GetValueOrDefault(n)?.FullHash);

        var w = new HtmlWriter();
        w.Add($"""
            <h1>Spec diff</h1>
            <p class="sub">{Layout.Count(fieldDiffs, "parameter")} and {Layout.Count(depDiffs, "dependency", "dependencies")} differ.</p>
            <h2>Parameters</h2><div class="scroll"><table class="diff-table"><thead><tr><th>Field</th>
            <th>A: <a href="/specs/{a.Id}">{a.Name}@{a.Version}</a></th><th>B: <a href="/specs/{b.Id}">{b.Name}@{b.Version}</a></th></tr></thead><tbody>
            """);
        foreach (var name in fieldNames)
        {
            var (va, vb) = (fieldsA.GetValueOrDefault(name), fieldsB.GetValueOrDefault(name));
            w.Add($"""<tr class="{(va == vb ? "same" : "diff")}"><td>{name}</td><td class="mono">{va}</td><td class="mono">{vb}</td></tr>""");
        }
        w.Add($"""</tbody></table></div><h2>Dependencies</h2>""");
        if (depNames.Count == 0)
            w.Add($"""<div class="card empty">Neither spec has dependencies.</div>""");
        else
        {
            w.Add($"""<div class="scroll"><table class="diff-table"><thead><tr><th>Name</th><th>A</th><th>B</th><th>Change</th></tr></thead><tbody>""");
            foreach (var name in depNames)
            {
                var (da, db) = (depsA.GetValueOrDefault(name), depsB.GetValueOrDefault(name));
                var change = da is null ? "added" : db is null ? "removed" : da.FullHash == db.FullHash ? "same" : da.Version == db.Version ? "rebuilt" : "changed";
                var css = change switch { "added" => "added", "removed" => "removed", "same" => "same", _ => "diff" };
                w.Add($"""<tr class="{css}"><td>{name}</td><td>{Version(da)}</td><td>{Version(db)}</td><td>{change}</td></tr>""");
            }
            w.Add($"</tbody></table></div>");
        }
        return new PageResult(Layout.Page($"Diff {a.Name}@{a.Version} / {b.Name}@{b.Version}", "Specs", new Html(w.ToString())));
    }

    /// <summary>What a spec's parameters table shows, in order: identity, arch, compiler, then each parameter.</summary>
    private static List<(string Name, string Value)> Fields(SpecView spec)
    {
        var fields = new List<(string, string)>
        {
            ("name", spec.Name), ("version", spec.Version), ("namespace", spec.Namespace ?? ""), ("full_hash", spec.FullHash),
            ("hash", spec.Hash ?? ""), ("build_hash", spec.BuildHash ?? ""), ("package_hash", spec.PackageHash ?? ""),
            ("tool version", spec.SpackVersion), ("platform", spec.Arch.Platform ?? ""), ("platform_os", spec.Arch.PlatformOs ?? ""),
            ("target", spec.Arch.Target is JsonValue v && v.TryGetValue<string>(out var t) ? t : spec.Arch.Target?.ToJsonString() ?? ""),
            ("compiler", spec.Compiler is { } c ? (c.Name + " " + c.Version).Trim() : ""),
        };
        if (spec.Parameters is JsonObject parameters)
            foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                fields.Add(("parameters." + key, value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null"));
        return fields;
    }

    private static Html Facts(List<(string Name, string Value)> fields)
    {
        var w = new HtmlWriter();
        w.Add($"""<dl class="facts">""");
        foreach (var (name, value) in fields.Where(f => f.Value.Length > 0))
            w.Add($"""<dt>{name}</dt><dd class="{(name.Contains("hash") ? "hash" : "")}">{value}</dd>""");
        w.Add($"</dl>");
        return new Html(w.ToString());
    }

    private static Html Version(DependencyVersion? d)
    {
        var w = new HtmlWriter();
        if (d is not null)
            w.Add($"""{d.Version ?? "?"} <span class="hash">{d.FullHash[..Math.Min(8, d.FullHash.Length)]}</span>""");
        return new Html(w.ToString());
    }

    private static Html Link(string href, string text)
    {
        var w = new HtmlWriter();
        w.Add($"""<a href="{href}">{text}</a>""");
        return new Html(w.ToString());
    }
}
