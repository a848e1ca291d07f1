using System.Globalization;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>
/// A spec's dependency DAG drawn as SVG on the server: one column per depth (the longest path from the root), nodes
/// sorted by name in a column, edges as curves from a spec to what it depends on. Each node links to its spec page.
/// </summary>
internal static class DagSvg
{
    /// <summary>Larger graphs are listed in the table only.</summary>
    public const int MaxNodes = 600;

    private const int NodeWidth = 230, NodeHeight = 30, ColumnGap = 70, RowGap = 10, Margin = 12, MaxLabel = 32;

    public static Html Render(SpecGraph graph, long rootId)
    {
        var w = new HtmlWriter();
        // Nodes by id; an edge to a node that was never stored gets a placeholder named after the edge.
        var nodes = graph.Nodes.ToDictionary(n => "s" + n.Id.ToString(CultureInfo.InvariantCulture), n => (Label: n.Name + "@" + n.Version, Spec: (SpecRow?)n));
        var edges = new List<(string From, string To)>();
        foreach (var e in graph.Edges)
        {
            var from = "s" + e.SpecId.ToString(CultureInfo.InvariantCulture);
            var to = e.DependencySpecId is { } target ? "s" + target.ToString(CultureInfo.InvariantCulture) : "h" + e.FullHash;
            if (!nodes.ContainsKey(to))
                nodes[to] = (e.Name + " (not stored)", null);
            edges.Add((from, to));
        }
        if (nodes.Count > MaxNodes)
        {
            w.Add($"""<div class="card empty">The graph has {nodes.Count} nodes, too many to draw; the dependencies are listed below.</div>""");
            return new Html(w.ToString());
        }

        var root = "s" + rootId.ToString(CultureInfo.InvariantCulture);
        var depth = nodes.Keys.ToDictionary(k => k, _ => 0);
        // Longest-path layering by relaxation; a cycle in damaged data stops after |V| rounds.
        for (var round = 0; round < nodes.Count; round++)
        {
            var changed = false;
            foreach (var (from, to) in edges)
                if (depth[to] < depth[from] + 1)
                {
                    depth[to] = depth[from] + 1;
                    changed = true;
                }
            if (!changed)
                break;
        }
        var columns = depth.GroupBy(d => d.Value).OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.Key).OrderBy(k => k == root ? "" : nodes[k].Label, StringComparer.OrdinalIgnoreCase).ToList()).ToList();
        var position = new Dictionary<string, (int X, int Y)>();
        for (var c = 0; c < columns.Count; c++)
            for (var r = 0; r < columns[c].Count; r++)
                position[columns[c][r]] = (Margin + c * (NodeWidth + ColumnGap), Margin + r * (NodeHeight + RowGap));
        var width = Margin * 2 + columns.Count * NodeWidth + (columns.Count - 1) * ColumnGap;
        var height = Margin * 2 + columns.Max(c => c.Count) * (NodeHeight + RowGap) - RowGap + NodeHeight;

        w.Add($"""
            <div class="dag"><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Dependency graph">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs>
            <g fill="none" stroke="#afb8c1" stroke-width="1.2">
            """);
        foreach (var (from, to) in edges.Distinct())
        {
            var (x1, y1) = position[from];
            var (x2, y2) = position[to];
            int sx = x1 + NodeWidth, sy = y1 + NodeHeight / 2, tx = x2, ty = y2 + NodeHeight / 2, mid = (sx + tx) / 2;
            var span = (x2 - x1) / (NodeWidth + ColumnGap);
            if (span > 1)
            {
                // An edge that skips columns bends below the rows between, so it does not run through their boxes.
                var bend = Math.Max(sy, ty) + NodeHeight / 2 + RowGap / 2 + 4 * span;
                w.Add($"""<path d="M{sx},{sy} C{sx + ColumnGap},{bend} {tx - ColumnGap},{bend} {tx - 2},{ty}" marker-end="url(#arrow)"/>""");
            }
            else
                w.Add($"""<path d="M{sx},{sy} C{mid},{sy} {mid},{ty} {tx - 2},{ty}" marker-end="url(#arrow)"/>""");
        }
        w.Add($"</g>");
        foreach (var (key, (label, spec)) in nodes)
        {
            var (x, y) = position[key];
            var (fill, stroke) = key == root ? ("#ddf4ff", "#0969da") : spec?.Namespace == "nuget" ? ("#fbefff", "#8250df") : spec is null ? ("#f6f8fa", "#d0d7de") : ("#ffffff", "#57606a");
            var shown = label.Length > MaxLabel ? label[..(MaxLabel - 1)] + "…" : label;
            var title = label + (spec?.Namespace is { } ns ? " [" + ns + "]" : "");
            var box = $"<rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\"/>";
            if (spec is not null)
                w.Add($"""<a href="/specs/{spec.Id}"><title>{title}</title>{new Html(box)}<text x="{x + 10}" y="{y + 19}" fill="#1f2328">{shown}</text></a>""");
            else
                w.Add($"""<g><title>{title}</title>{new Html(box)}<text x="{x + 10}" y="{y + 19}" fill="#656d76">{shown}</text></g>""");
        }
        w.Add($"</svg></div>");
        return new Html(w.ToString());
    }
}
