using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SpackMon.Server.Api;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Web;

/// <summary>
/// The server-rendered web UI: builds, a build with its phases and highlighted log lines, specs with their DAG,
/// spec diffs, dependents, and the token page. No scripts; every page is one HTML document with inline CSS.
/// </summary>
internal sealed class WebUi(MonitorStore store, string prefix)
{
    // No scripts, no outside resources, no framing; forms post only here.
    private const string SecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", Page(c => new BuildsPage(store).RenderAsync(c)));
        app.MapGet("/builds/{id:long}", Page(c => new BuildPage(store).RenderAsync(c, Id(c))));
        app.MapGet("/builds/{id:long}/phases/{phase:long}/output.txt", RawOutputAsync);
        app.MapGet("/specs", Page(c => new SpecPages(store).ListAsync(c)));
        app.MapGet("/specs/{id:long}", Page(c => new SpecPages(store).SpecAsync(c, Id(c))));
        app.MapGet("/specs/diff", Page(c => new SpecPages(store).DiffAsync(c)));
        app.MapGet("/dependents", Page(c => new DependentsPage(store).RenderAsync(c)));
        app.MapGet("/token", Page(c => Task.FromResult(new PageResult(TokenPage.Form(prefix)))));
        app.MapPost("/token", Page(c => new TokenPage(store, prefix).SignInAsync(c)));
    }

    private static long Id(HttpContext context) => ReadApi.RouteId(context);

    /// <summary>Runs a page; a bad request or a missing thing becomes an HTML page with its status and message.</summary>
    private static RequestDelegate Page(Func<HttpContext, Task<PageResult>> render) => async context =>
    {
        PageResult result;
        try
        {
            result = await render(context);
        }
        catch (ApiError e)
        {
            result = new PageResult(ErrorPage(e.Status, e.Message), e.Status);
        }
        catch (BadHttpRequestException e)
        {
            result = new PageResult(ErrorPage(e.StatusCode, "Bad request: " + e.Message), e.StatusCode);
        }
        var response = context.Response;
        response.StatusCode = result.Status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = SecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        if (result.NoStore)
            response.Headers.CacheControl = "no-store";
        await response.WriteAsync(result.Html);
    };

    /// <summary>A phase's output as plain text, for logs too long to show whole.</summary>
    private async Task<IResult> RawOutputAsync(HttpContext context, long id, long phase)
    {
        var detail = await store.PhaseAsync(phase, context.RequestAborted);
        if (detail is null || detail.BuildId != id)
            throw ApiError.NotFound($"Build {id} has no phase {phase}.");
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return Results.Text(detail.Output ?? "", "text/plain; charset=utf-8");
    }

    private static string ErrorPage(int status, string message)
    {
        var w = new HtmlWriter();
        w.Add($"""
            <h1>{(status == 404 ? "Not found" : "Cannot show this page")}</h1>
            <div class="notice" role="alert">{message}</div><p><a href="/">Back to the builds</a></p>
            """);
        return Layout.Page(status == 404 ? "Not found" : "Bad request", "", new Html(w.ToString()));
    }
}

/// <summary>A rendered page, its status code, and whether it must not be cached (it shows a secret).</summary>
internal sealed record PageResult(string Html, int Status = 200, bool NoStore = false);
