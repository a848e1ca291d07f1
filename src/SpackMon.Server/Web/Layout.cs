using System.Globalization;
using SpackMon.Protocol;

namespace SpackMon.Server.Web;

/// <summary>The page frame (header, navigation, footer, the one stylesheet) and small formatting helpers.</summary>
internal static class Layout
{
    /// <summary>A whole page around <paramref name="body"/>.</summary>
    public static string Page(string title, string section, Html body)
    {
        var w = new HtmlWriter();
        w.Add($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · SpackMon</title><style>{new Html(Styles.Css)}</style></head>
            <body><header class="top"><a class="brand" href="/">SpackMon</a><nav>
            """);
        foreach (var (href, label) in new[] { ("/", "Builds"), ("/specs", "Specs"), ("/dependents", "Dependents"), ("/token", "Token") })
            w.Add($"""<a href="{href}"{new Html(label == section ? " aria-current=\"page\"" : "")}>{label}</a>""");
        w.Add($"""
            </nav></header>
            <main>{body}</main>
            <footer>spackmon {MonitorServer.Version} · <a href="/api/openapi.json">JSON API (OpenAPI)</a> · <a href="/ms1/">ms1 service info</a></footer>
            </body></html>
            """);
        return w.ToString();
    }

    /// <summary>A status word as a coloured badge.</summary>
    public static Html Badge(string status)
    {
        var kind = status switch
        {
            BuildStatus.Success => "ok",
            BuildStatus.Failed or PhaseStatus.Error => "bad",
            BuildStatus.Cancelled => "warn",
            _ => "idle",
        };
        var w = new HtmlWriter();
        w.Add($"""<span class="badge {kind}">{status}</span>""");
        return new Html(w.ToString());
    }

    /// <summary>A stored timestamp as <c>2026-12-03 23:35:12 UTC</c> in a time element.</summary>
    public static Html When(string timestamp)
    {
        var w = new HtmlWriter();
        if (DateTime.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            w.Add($"""<time datetime="{timestamp}">{t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>""");
        else
            w.Text(timestamp);
        return new Html(w.ToString());
    }

    /// <summary>A path with query parameters (empty ones left out), URL-encoded.</summary>
    public static string Url(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    /// <summary>A count with its noun, e.g. <c>1 error</c>, <c>3 errors</c>.</summary>
    public static string Count(long count, string noun, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");

    /// <summary>Seconds as <c>850 ms</c>, <c>12.4 s</c> or <c>3 min 05 s</c>.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 1 => (seconds * 1000).ToString("0", CultureInfo.InvariantCulture) + " ms",
        < 60 => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
        _ => ((int)(seconds / 60)).ToString(CultureInfo.InvariantCulture) + " min " + ((int)(seconds % 60)).ToString("00", CultureInfo.InvariantCulture) + " s",
    };
}
