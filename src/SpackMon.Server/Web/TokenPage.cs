using Microsoft.AspNetCore.Http;
using SpackMon.Server.Auth;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>
/// <c>/token</c>: a user signs in with name and API token (checked against the stored hash in constant time) and
/// sees how to hand them to builds. Nothing is stored: no cookie, no session; the answer is not cached.
/// </summary>
internal sealed class TokenPage(MonitorStore store, string prefix)
{
    private const int MaxField = 500;

    // Compared against when the user is unknown, so that a wrong name costs as much as a wrong token.
    private static readonly string UnknownUserHash = ApiTokens.Hash(ApiTokens.Generate());

    public static string Form(string prefix, string? user = null, string? problem = null)
    {
        var w = new HtmlWriter();
        w.Add($"""
            <h1>Your API token</h1>
            <p class="sub">Sign in with your user name and API token to see how builds use them. A lead creates users with
            <code>spackmon add-user NAME</code> and new tokens with <code>spackmon get-token NAME</code>.</p>
            """);
        if (problem is not null)
            w.Add($"""<div class="notice" role="alert">{problem}</div>""");
        w.Add($"""
            <form class="card filters" method="post" action="/token" autocomplete="off">
            <label>User name<input type="text" name="user" value="{user}" required maxlength="150" autocomplete="username"></label>
            <label>API token<input type="password" name="token" required maxlength="{MaxField}" autocomplete="current-password"></label>
            <button type="submit">Sign in</button></form>
            <p class="z">The service speaks the Spack Monitor protocol under <code>/{prefix}/</code>.</p>
            """);
        return Layout.Page("Token", "Token", new Html(w.ToString()));
    }

    public async Task<PageResult> SignInAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return new PageResult(Form(prefix, null, "Send the form: a user name and an API token."), 415);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["user"].ToString().Trim();
        var token = form["token"].ToString().Trim();
        if (name.Length is 0 or > 150 || token.Length is 0 or > MaxField)
            return new PageResult(Form(prefix, name.Length > 150 ? null : name, "Give a user name and an API token."), 400, NoStore: true);
        var user = await store.FindUserAsync(name, context.RequestAborted);
        var valid = ApiTokens.Matches(token, user?.TokenHash ?? UnknownUserHash) && user?.TokenHash is not null;
        if (!valid)
            return new PageResult(Form(prefix, name, "Invalid user name or token."), 403, NoStore: true);

        var host = $"{context.Request.Scheme}://{context.Request.Host}";
        var w = new HtmlWriter();
        w.Add($"""
            <h1>Signed in as {user!.Name}</h1>
            <p class="sub">Your token is valid on this server. Export it in the shell that builds, then build with monitoring on:</p>
            <pre class="cmd" id="exports">export SPACKMON_USER={Shell(user.Name)} SPACKMON_TOKEN={Shell(token)}
            dotnet build -p:SpackMonitor=true -p:SpackMonitorHost={host}</pre>
            <p>In CI, keep the token in a secret variable and pass it as <code>SPACKMON_TOKEN</code>; the package reads both from the
            environment only and never logs them. The same credentials work with spack: <code>spack install --monitor --monitor-host {host} ...</code>.</p>
            <p class="z">Nothing was stored in your browser. A lost token is replaced with <code>spackmon get-token {user.Name}</code>.</p>
            """);
        return new PageResult(Layout.Page("Token", "Token", new Html(w.ToString())), 200, NoStore: true);
    }

    // User names have no spaces or ':' and tokens are hex, but quote anything else a shell would read specially.
    private static string Shell(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@') ? value : "'" + value.Replace("'", "'\\''") + "'";
}
