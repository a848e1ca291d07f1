using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SpackMon.Protocol;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>The unauthenticated read API under <c>/api/</c>, for people, tests and the web UI.</summary>
internal sealed partial class ReadApi(MonitorStore store)
{
    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/builds/", Ms1Api.Handler(ListBuildsAsync));
        api.MapGet("/builds/{id:long}/", async (HttpContext c, long id) =>
            Json(await store.BuildAsync(id, c.RequestAborted) ?? throw ApiError.NotFound($"There is no build {id}.")));
        api.MapGet("/specs/{fullHash}/", async (HttpContext c, string fullHash) =>
            Json(await store.SpecByFullHashAsync(fullHash, c.RequestAborted) ?? throw ApiError.NotFound($"There is no spec with full hash {fullHash}.")));
        MapListings(api);
    }

    private static IResult Json<T>(T value) => Results.Json(value, MonitorJson.Options);
}
