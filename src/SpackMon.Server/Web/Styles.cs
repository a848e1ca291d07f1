namespace SpackMon.Server.Web;

/// <summary>The one stylesheet, inline in every page: no requests for assets, nothing from outside the machine.</summary>
internal static class Styles
{
    public const string Css = """
        :root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0969da;
          --ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--idle:#57606a;--idle-bg:#eaeef2;
          --mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--soft)}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        header.top{display:flex;align-items:center;gap:24px;padding:10px 24px;background:#24292f;color:#fff;flex-wrap:wrap}
        header.top a{color:#e6edf3}.brand{font-weight:700;font-size:16px;letter-spacing:.02em}
        header nav{display:flex;gap:16px;flex-wrap:wrap}header nav a[aria-current]{color:#fff;font-weight:600;border-bottom:2px solid #fd8c73}
        main{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
        footer{max-width:1280px;margin:0 auto;padding:0 24px 24px;color:var(--muted);font-size:12px}
        h1{font-size:22px;margin:0 0 4px;font-weight:600;word-break:break-word}h2{font-size:17px;margin:28px 0 10px;font-weight:600}
        h3{font-size:15px;margin:0;font-weight:600}
        .sub{color:var(--muted);margin:0 0 16px}
        .card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:0 0 16px}
        .scroll{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:8px}
        table{border-collapse:collapse;width:100%}
        th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{background:var(--soft);font-weight:600;white-space:nowrap;font-size:13px}
        tr:last-child td{border-bottom:0}tbody tr:hover{background:#f6f8fa}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .mono,code{font-family:var(--mono);font-size:12.5px}
        .hash{font-family:var(--mono);font-size:12px;color:var(--muted)}
        .badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
        .badge.ok{color:var(--ok);background:var(--ok-bg);border-color:#aceebb}.badge.bad{color:var(--bad);background:var(--bad-bg);border-color:#ffcecb}
        .badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#f5e0a0}.badge.idle{color:var(--idle);background:var(--idle-bg)}
        .tag{display:inline-block;padding:0 7px;margin:1px 2px 1px 0;border-radius:4px;background:#ddf4ff;color:#0550ae;font-size:12px}
        .e{color:var(--bad);font-weight:600}.w{color:var(--warn);font-weight:600}.z{color:var(--muted)}
        form.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:0 0 14px}
        form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
        input,select,button{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--fg)}
        input[type=search],input[type=text],input[type=password]{min-width:180px}
        button{background:#1f883d;color:#fff;border-color:#1a7f37;font-weight:600;cursor:pointer}
        .pager{display:flex;gap:12px;align-items:center;margin:10px 2px;color:var(--muted)}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
        dl.facts dt{color:var(--muted)}dl.facts dd{margin:0;word-break:break-all}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px;align-items:start}
        .problems{list-style:none;margin:0;padding:0}
        .problems li{padding:6px 10px;border-left:3px solid var(--bad);background:var(--bad-bg);margin:0 0 6px;border-radius:0 6px 6px 0;word-break:break-word}
        .problems li.warning{border-left-color:#d4a72c;background:var(--warn-bg)}
        .problems .where{font-family:var(--mono);font-size:12px;color:var(--muted)}
        .timeline{display:grid;grid-template-columns:minmax(90px,max-content) max-content 1fr max-content;gap:6px 12px;align-items:center}
        .bar{height:12px;border-radius:6px;background:var(--ok);min-width:4px}.bar.bad{background:var(--bad)}.bar.warn{background:#d4a72c}.bar.idle{background:#8c959f}
        .track{background:var(--soft);border-radius:6px}
        details.phase{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:0 0 12px}
        details.phase>summary{padding:10px 14px;cursor:pointer;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
        .log{font-family:var(--mono);font-size:12.5px;line-height:1.55;border-top:1px solid var(--line);overflow-x:auto;background:#fbfcfd;max-height:75vh;overflow-y:auto}
        .log .l{display:flex;white-space:pre-wrap;word-break:break-all;min-width:0}
        .log .n{flex:0 0 56px;text-align:right;padding:0 10px 0 0;color:#8c959f;user-select:none;border-right:1px solid var(--line);margin-right:10px}
        .log .t{flex:1;padding-right:10px}
        .log .l.err{background:#ffebe9}.log .l.err .n{color:var(--bad);font-weight:700;border-right:3px solid var(--bad)}
        .log .l.warn{background:#fff8c5}.log .l.warn .n{color:var(--warn);font-weight:700;border-right:3px solid #d4a72c}
        .log .l.rep{background:#fff5f4}.log .l.warn.rep{background:#fffbe0}.log .l.rep .n{font-weight:400;border-right-width:1px}
        .log .l:target{outline:2px solid var(--accent);outline-offset:-2px}.log .l:target:not(.err):not(.warn){background:#ddf4ff}
        .log .gap{padding:4px 10px;color:var(--muted);background:var(--soft);font-style:italic}
        .dag{overflow:auto;max-height:75vh;background:var(--bg);border:1px solid var(--line);border-radius:8px}
        .dag svg text{font:12px system-ui,sans-serif}.dag a:hover rect{stroke:var(--accent);stroke-width:2}
        tr.diff td{background:#fff8c5}tr.added td{background:#dafbe1}tr.removed td{background:#ffebe9}
        .empty{padding:24px;text-align:center;color:var(--muted)}
        .notice{padding:10px 14px;border-radius:6px;background:var(--bad-bg);border:1px solid #ffcecb;color:var(--bad);margin:0 0 14px}
        pre.cmd{background:#24292f;color:#e6edf3;padding:12px 14px;border-radius:6px;overflow-x:auto;font-family:var(--mono);font-size:13px}
        @media (max-width:700px){main{padding:12px}.hide-sm{display:none}th,td{padding:6px}table.builds td{overflow-wrap:anywhere}.timeline{grid-template-columns:minmax(70px,max-content) max-content 1fr}
          .timeline .dur{display:none}header.top{padding:10px 12px;gap:12px}.log .n{flex-basis:44px}}
        """;
}
