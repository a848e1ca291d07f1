using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SpackMon.Server.Api;

/// <summary>Every error answer is a JSON object with a <c>message</c>: ours, routing's 404/405, and the last-resort 500.</summary>
internal static class ErrorHandling
{
    public static void UseJsonErrors(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (ApiError e) when (!context.Response.HasStarted)
            {
                await WriteAsync(context, e);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await WriteAsync(context, ApiError.Custom(e.StatusCode, "Bad request: " + e.Message));
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SpackMon.Server")
                    .LogError(e, "Unexpected error answering {Method} {Path}", context.Request.Method, context.Request.Path);
                await WriteAsync(context, ApiError.Custom(500, "Internal server error; the server's log has the details."));
            }
        });

        // Routing answers 404 and 405 without a body; give them the reference's "detail" and our "message".
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var body = context.Response.StatusCode switch
            {
                404 => new JsonObject { ["message"] = $"There is nothing at {context.Request.Path}.", ["detail"] = "Not found." },
                405 => new JsonObject
                {
                    ["message"] = $"{context.Request.Method} is not allowed on {context.Request.Path}.",
                    ["detail"] = $"Method \"{context.Request.Method}\" not allowed.",
                },
                var code => new JsonObject { ["message"] = $"The request failed with status {code}." },
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(SpackMon.Protocol.MonitorJson.Options));
        });
    }

    public static async Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        foreach (var (name, value) in error.Headers)
            context.Response.Headers[name] = value;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(error.Body.ToJsonString(SpackMon.Protocol.MonitorJson.Options));
    }
}
