using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SpackMon.Protocol;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>The unauthenticated read API under <c>/api/</c>, for people, tests and the web UI.</summary>
internal sealed class ReadApi(MonitorStore store)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/builds/", Ms1Api.Handler(ListBuildsAsync));
        api.MapGet("/builds/{id:long}/", async (HttpContext c, long id) =>
            Json(await store.BuildAsync(id, c.RequestAborted) ?? throw ApiError.NotFound($"There is no build {id}.")));
        api.MapGet("/specs/{fullHash}/", async (HttpContext c, string fullHash) =>
            Json(await store.SpecByFullHashAsync(fullHash, c.RequestAborted) ?? throw ApiError.NotFound($"There is no spec with full hash {fullHash}.")));
    }

    /// <summary><c>GET /api/builds/?page=N&amp;page_size=M</c>, newest first, with DRF-style paging links.</summary>
    private async Task<IResult> ListBuildsAsync(HttpContext context)
    {
        var page = PositiveQuery(context, "page", 1, int.MaxValue);
        var size = PositiveQuery(context, "page_size", DefaultPageSize, MaxPageSize);
        var (count, builds) = await store.ListBuildsAsync((long)(page - 1) * size, size, context.RequestAborted);
        var request = context.Request;
        string Link(int p) => $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?page={p}&page_size={size}";
        return Json(new
        {
            count,
            next = (long)page * size < count ? Link(page + 1) : null,
            previous = page > 1 ? Link(page - 1) : null,
            results = builds,
        });
    }

    private static int PositiveQuery(HttpContext context, string name, int fallback, int max)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || value > max)
            throw ApiError.BadRequest($"\"{name}\" must be an integer from 1 to {max}.");
        return value;
    }

    private static IResult Json<T>(T value) => Results.Json(value, MonitorJson.Options);
}
