using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using SpackMon.Protocol;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>The read API's listings: builds with filters, phases, errors, warnings, specs, dependents, and its OpenAPI document.</summary>
internal sealed partial class ReadApi
{
    private void MapListings(RouteGroupBuilder api)
    {
        api.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Json, "application/json"));
        api.MapGet("/builds/{id:long}/phases/", Ms1Api.Handler(c => PhasesAsync(c, RouteId(c))));
        api.MapGet("/builds/{id:long}/errors/", Ms1Api.Handler(c => DiagnosticsAsync(c, RouteId(c), null, "error")));
        api.MapGet("/builds/{id:long}/warnings/", Ms1Api.Handler(c => DiagnosticsAsync(c, RouteId(c), null, "warning")));
        api.MapGet("/phases/{id:long}/", Ms1Api.Handler(PhaseAsync));
        api.MapGet("/phases/{id:long}/errors/", Ms1Api.Handler(c => PhaseDiagnosticsAsync(c, "error")));
        api.MapGet("/phases/{id:long}/warnings/", Ms1Api.Handler(c => PhaseDiagnosticsAsync(c, "warning")));
        api.MapGet("/specs/", Ms1Api.Handler(ListSpecsAsync));
        api.MapGet("/specs/{fullHash}/builds/", Ms1Api.Handler(SpecBuildsAsync));
        api.MapGet("/dependents/", Ms1Api.Handler(DependentsAsync));
        api.MapGet("/dependents/builds/", Ms1Api.Handler(DependentBuildsAsync));
    }

    /// <summary><c>GET /api/builds/</c>: newest first unless sorted, filtered by status, tag, owner, spec and q.</summary>
    private async Task<IResult> ListBuildsAsync(HttpContext context)
    {
        var query = QueryInput.Builds(context);
        var (count, rows) = await store.QueryBuildsAsync(query, context.RequestAborted);
        var views = await store.BuildViewsAsync(rows.Select(r => r.Id).ToList(), context.RequestAborted);
        var results = rows.Select(row =>
        {
            var item = JsonSerializer.SerializeToNode(views[row.Id], MonitorJson.Options)!.AsObject();
            item["phases_ok"] = row.PhasesOk;
            item["phases_failed"] = row.PhasesFailed;
            item["error_count"] = row.Errors;
            item["warning_count"] = row.Warnings;
            return item;
        }).ToList();
        return Paged(context, count, query.Offset, query.Limit, results);
    }

    private async Task<IResult> PhasesAsync(HttpContext context, long buildId)
    {
        await RequireBuildAsync(context, buildId);
        var phases = await store.PhasesAsync(buildId, false, context.RequestAborted);
        return Paged(context, phases.Count, 0, Math.Max(phases.Count, 1), phases);
    }

    private async Task<IResult> DiagnosticsAsync(HttpContext context, long buildId, long? phaseId, string kind)
    {
        var (page, size) = QueryInput.Paging(context);
        if (phaseId is null)
            await RequireBuildAsync(context, buildId);
        var offset = (long)(page - 1) * size;
        var (count, rows) = await store.DiagnosticsAsync(buildId, phaseId, kind, offset, size, context.RequestAborted);
        return Paged(context, count, offset, size, rows);
    }

    private async Task<IResult> PhaseAsync(HttpContext context)
    {
        var phase = await RequirePhaseAsync(context);
        return Json(phase);
    }

    private async Task<IResult> PhaseDiagnosticsAsync(HttpContext context, string kind)
    {
        var phase = await RequirePhaseAsync(context);
        return await DiagnosticsAsync(context, phase.BuildId, phase.Id, kind);
    }

    private async Task<IResult> ListSpecsAsync(HttpContext context)
    {
        var (page, size) = QueryInput.Paging(context);
        var offset = (long)(page - 1) * size;
        var (count, specs) = await store.ListSpecsAsync(QueryInput.Text(context, "name"), QueryInput.Text(context, "namespace"), offset, size,
            context.RequestAborted);
        return Paged(context, count, offset, size, specs);
    }

    private async Task<IResult> SpecBuildsAsync(HttpContext context)
    {
        var fullHash = (string)context.Request.RouteValues["fullHash"]!;
        var spec = await store.SpecByFullHashAsync(fullHash, context.RequestAborted)
                   ?? throw ApiError.NotFound($"There is no spec with full hash {fullHash}.");
        var (page, size) = QueryInput.Paging(context);
        var query = new BuildQuery { SpecIds = [spec.Id], Offset = (long)(page - 1) * size, Limit = size };
        var (count, rows) = await store.QueryBuildsAsync(query, context.RequestAborted);
        return Paged(context, count, query.Offset, size, rows);
    }

    private async Task<IResult> DependentsAsync(HttpContext context)
    {
        var (name, version) = DependencyInput(context);
        var (page, size) = QueryInput.Paging(context);
        var all = await store.DependentsAsync(name, version, context.RequestAborted);
        var offset = (long)(page - 1) * size;
        return Paged(context, all.Count, offset, size, all.Skip((int)Math.Min(offset, int.MaxValue)).Take(size).ToList());
    }

    private async Task<IResult> DependentBuildsAsync(HttpContext context)
    {
        var (name, version) = DependencyInput(context);
        var dependents = await store.DependentsAsync(name, version, context.RequestAborted);
        var filters = QueryInput.Builds(context);
        var query = new BuildQuery
        {
            Status = filters.Status, Tag = filters.Tag, Owner = filters.Owner, Text = filters.Text, Sort = filters.Sort,
            Descending = filters.Descending, Offset = filters.Offset, Limit = filters.Limit,
            SpecIds = dependents.Select(d => d.Spec.Id).ToList(),
        };
        var (count, rows) = await store.QueryBuildsAsync(query, context.RequestAborted);
        return Paged(context, count, query.Offset, query.Limit, rows);
    }

    /// <summary>The <c>name</c> (required) and <c>version</c> of a dependents query.</summary>
    internal static (string Name, string? Version) DependencyInput(HttpContext context) =>
        (QueryInput.Text(context, "name") ?? throw ApiError.BadRequest("\"name\" is required: the name of a dependency, e.g. Newtonsoft.Json."),
         QueryInput.Text(context, "version"));

    /// <summary>A route value the <c>:long</c> constraint has checked already.</summary>
    internal static long RouteId(HttpContext context, string name = "id") =>
        long.Parse((string)context.Request.RouteValues[name]!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task RequireBuildAsync(HttpContext context, long buildId)
    {
        if (await store.FindBuildAsync(buildId, context.RequestAborted) is null)
            throw ApiError.NotFound($"There is no build {buildId}.");
    }

    private async Task<PhaseDetail> RequirePhaseAsync(HttpContext context)
    {
        var id = RouteId(context);
        return await store.PhaseAsync(id, context.RequestAborted) ?? throw ApiError.NotFound($"There is no phase {id}.");
    }

    /// <summary>DRF-style envelope: count, next and previous links (keeping the other parameters), results.</summary>
    private static IResult Paged<T>(HttpContext context, long count, long offset, int size, IReadOnlyList<T> results)
    {
        var request = context.Request;
        var page = offset / size + 1;
        string Link(long p)
        {
            var query = request.Query.Where(q => q.Key is not ("page" or "page_size"))
                .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
                .Append(new("page", p.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(new("page_size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
        }
        return Json(new JsonObject
        {
            ["count"] = count,
            ["next"] = offset + size < count ? Link(page + 1) : null,
            ["previous"] = page > 1 ? Link(page - 1) : null,
            ["results"] = JsonSerializer.SerializeToNode(results, MonitorJson.Options),
        });
    }
}
