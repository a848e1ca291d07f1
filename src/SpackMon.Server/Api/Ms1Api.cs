using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SpackMon.Client;
using SpackMon.Protocol;
using SpackMon.Server.Auth;
using SpackMon.Server.Storage;

namespace SpackMon.Server.Api;

/// <summary>The ms1 endpoints with the reference server's semantics (see shared/protocol/ms1.md).</summary>
internal sealed class Ms1Api(MonitorStore store, Authenticator auth, ServerOptions options, ServiceInfo serviceInfo)
{
    private const string NotOwner = "You do not own the build and cannot update it.";

    /// <summary>Maps every endpoint under <c>/{prefix}/</c>; routing accepts a path without its trailing slash.</summary>
    public void Map(IEndpointRouteBuilder app, string prefix, string? movedTo)
    {
        var api = app.MapGroup("/" + prefix);
        Func<HttpContext, IResult> root = movedTo is null ? ServiceInfo : _ => Moved(movedTo);
        api.MapGet("/", root);
        api.MapPost("/specs/new/", Handler(NewSpecAsync));
        api.MapPost("/builds/new/", Handler(NewBuildAsync));
        api.MapPost("/builds/phases/update/", Handler(UpdatePhaseAsync));
        api.MapPost("/builds/update/", Handler(UpdateBuildAsync));
        api.MapPost("/analyze/builds/", Handler(AnalyzeBuildAsync));
        api.MapGet("/specs/name/{name}/", (HttpContext c, string name) => SpecsByNameAsync(c, name));
        api.MapGet("/specs/{id:long}/attributes/", (HttpContext c, long id) => SpecAttributesAsync(c, id, null));
        api.MapGet("/specs/{id:long}/attributes/{analyzer}/", (HttpContext c, long id, string analyzer) => SpecAttributesAsync(c, id, analyzer));
        api.MapGet("/attributes/{id:long}/download/", (HttpContext c, long id) => DownloadAttributeAsync(c, id));
    }

    private IResult ServiceInfo(HttpContext context) => Results.Json(serviceInfo, MonitorJson.Options);

    private static IResult Moved(string movedTo) => new WithLocation(
        Results.Json(new JsonObject { ["message"] = $"The API moved to /{movedTo}/." }, statusCode: 302), "/" + movedTo + "/");

    private async Task<IResult> NewSpecAsync(HttpContext context)
    {
        await auth.RequireUserAsync(context);
        var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBodyBytes);
        var spackVersion = body.OptionalString("spack_version");
        if (string.IsNullOrEmpty(spackVersion))
            throw ApiError.BadRequest("A spack_version string is required");
        if (body["spec"] is null)
            throw ApiError.BadRequest("A spec is required: {\"spec\": {\"nodes\": [...]}, \"spack_version\": \"...\"}.");
        var result = await store.SaveSpecAsync(SpecInput.Read(body["spec"]), spackVersion, context.RequestAborted);
        var code = result.Created ? 201 : 200;
        return Json(new MonitorResponse<NewSpecData>
        {
            Message = "success",
            Data = new NewSpecData { Spec = result.Summary, Created = result.Created },
            Code = code,
        }, code);
    }

    private async Task<IResult> NewBuildAsync(HttpContext context)
    {
        var owner = await auth.RequireUserAsync(context);
        var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBodyBytes);
        var outcome = await GetOrCreateBuildAsync(context, body, owner);
        var code = outcome.BuildCreated ? 201 : 200;
        return Json(new MonitorResponse<NewBuildData>
        {
            Message = "Build get or create was successful.",
            Data = new NewBuildData
            {
                BuildCreated = outcome.BuildCreated,
                BuildEnvironmentCreated = outcome.BuildEnvironmentCreated,
                Build = outcome.Build!.ToRef(),
            },
            Code = code,
        }, code);
    }

    /// <summary>The get-or-create of <c>builds/new/</c>, also used by <c>analyze/builds/</c> without a build id.</summary>
    private async Task<NewBuildOutcome> GetOrCreateBuildAsync(HttpContext context, JsonObject body, long owner)
    {
        var environment = new BuildEnvironment
        {
            Hostname = body.OptionalString("hostname") ?? "",
            KernelVersion = body.OptionalString("kernel_version", FieldLimits.KernelVersion) ?? "",
            HostOs = body.OptionalString("host_os") ?? "",
            Platform = body.OptionalString("platform") ?? "",
            HostTarget = body.OptionalString("host_target") ?? "",
        };
        var fullHash = body.OptionalString("full_hash") ?? "";
        var spackVersion = body.OptionalString("spack_version") ?? "";
        var missing = new (string Name, string Value)[]
        {
            ("host_os", environment.HostOs), ("platform", environment.Platform), ("host_target", environment.HostTarget),
            ("hostname", environment.Hostname), ("kernel_version", environment.KernelVersion),
            ("spack_version", spackVersion), ("full_hash", fullHash),
        }.Where(f => f.Value.Length == 0).Select(f => f.Name).ToList();
        if (missing.Count > 0)
            throw ApiError.BadRequest("Missing required build environment data.", new JsonObject { ["missing"] = new JsonArray([.. missing.Select(m => (JsonNode)m)]) });
        var tags = ReadTags(body["tags"]);
        if (body["spec"] is { } spec)
            await store.SaveSpecAsync(SpecInput.Read(spec), spackVersion, context.RequestAborted);

        var outcome = await store.GetOrCreateBuildAsync(fullHash, spackVersion, environment, owner, tags, context.RequestAborted);
        if (outcome.Build is null)
            throw ApiError.BadRequest($"The spec with full hash {fullHash} and spack version {spackVersion} does not exist.",
                new JsonObject
                {
                    ["data"] = new JsonObject { ["build_created"] = false, ["build_environment_created"] = false },
                    ["code"] = 400,
                });
        return outcome;
    }

    private async Task<IResult> UpdatePhaseAsync(HttpContext context)
    {
        var user = await auth.RequireUserAsync(context);
        var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBodyBytes);
        var buildId = body.OptionalId("build_id") ?? throw ApiError.BadRequest("Missing required build_id.");
        var name = body.OptionalString("phase_name");
        var status = body.OptionalString("status");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(status))
            throw ApiError.BadRequest("phase_name, and status are required.");
        RequestBody.CheckPlainName(name, "\"phase_name\"");
        if (!PhaseStatus.IsValid(status))
            throw ApiError.BadRequest($"Invalid phase status \"{status}\". Choices are {string.Join(",", PhaseStatus.All)}");
        var output = body["output"] switch
        {
            null => null,
            // Secrets in a log (URL passwords, Authorization headers, *_TOKEN= values) are masked before anything stores or reads it.
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => OutputRedactor.Redact(RequestBody.Storable(v.GetValue<string>())),
            _ => throw ApiError.BadRequest("\"output\" must be a string or null."),
        };
        var build = await OwnedBuildAsync(context, buildId, user);
        // Extracted before the write transaction: one pass over the text, outside the database's writer lock.
        var diagnostics = SpackMon.Analysis.LogAnalyzer.Analyze(output);
        var phaseId = await store.SavePhaseAsync(build.Id, name, status, output, diagnostics, context.RequestAborted);
        return Json(new MonitorResponse<PhaseUpdateData>
        {
            Message = $"Phase {name} was successfully updated.",
            Code = 200,
            Data = new PhaseUpdateData { BuildPhase = new PhaseRef { Id = phaseId, Status = status, Name = name } },
        }, 200);
    }

    private async Task<IResult> UpdateBuildAsync(HttpContext context)
    {
        var user = await auth.RequireUserAsync(context);
        var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBodyBytes);
        var buildId = body.OptionalId("build_id") ?? throw ApiError.BadRequest("Missing required build id.");
        var status = body.OptionalString("status");
        if (!BuildStatus.IsValid(status))
            throw ApiError.BadRequest($"Invalid status. Choices are {string.Join(",", BuildStatus.All)}");
        var build = await OwnedBuildAsync(context, buildId, user);
        await store.UpdateBuildStatusAsync(build, status!, context.RequestAborted);
        return Json(new MonitorResponse<BuildData> { Message = "Status updated", Data = new BuildData { Build = build.ToRef() }, Code = 200 }, 200);
    }

    private async Task<IResult> AnalyzeBuildAsync(HttpContext context)
    {
        var user = await auth.RequireUserAsync(context);
        var body = await RequestBody.ReadObjectAsync(context, options.MaxRequestBodyBytes);
        var analysis = AnalysisInput.Read(body["metadata"]);
        BuildRecord build;
        if (body.OptionalId("build_id") is { } buildId)
            build = await OwnedBuildAsync(context, buildId, user);
        else if (body["full_hash"] is not null)
            build = (await GetOrCreateBuildAsync(context, body, user)).Build!;
        else
            throw ApiError.BadRequest("Missing required build_id.");
        await store.SaveAnalysisAsync(build.Id, analysis, context.RequestAborted);
        return Json(new MonitorResponse<BuildData> { Message = "Metadata updated", Data = new BuildData { Build = build.ToRef() }, Code = 200 }, 200);
    }

    private async Task<IResult> SpecsByNameAsync(HttpContext context, string name) =>
        Json(await store.SpecsByNameAsync(name, context.RequestAborted), 200);

    private async Task<IResult> SpecAttributesAsync(HttpContext context, long specId, string? analyzer)
    {
        if (!await store.SpecExistsAsync(specId, context.RequestAborted))
            throw ApiError.NotFound($"There is no spec {specId}.");
        return Json(await store.SpecAttributesAsync(specId, analyzer, context.RequestAborted), 200);
    }

    private async Task<IResult> DownloadAttributeAsync(HttpContext context, long id)
    {
        var attribute = await store.AttributeAsync(id, context.RequestAborted) ?? throw ApiError.NotFound($"There is no attribute {id}.");
        if (attribute.JsonValue is { } json)
            return Results.Text(json, "application/json");
        if ((attribute.Value ?? attribute.BinaryValue) is { } text)
            return Json(text, 200);
        throw ApiError.NotFound("This attribute does not have an associated value.");
    }

    private async Task<BuildRecord> OwnedBuildAsync(HttpContext context, long buildId, long user)
    {
        var build = await store.FindBuildAsync(buildId, context.RequestAborted) ?? throw ApiError.NotFound($"There is no build {buildId}.");
        if (build.OwnerId != user)
            throw ApiError.BadRequest(NotOwner);
        return build;
    }

    private static List<string> ReadTags(JsonNode? tags)
    {
        var words = tags switch
        {
            null => [],
            JsonArray list => list.Select((t, i) => RequestBody.AsString(t, $"\"tags\"[{i}]") ?? "").ToList(),
            _ => (RequestBody.AsString(tags, "\"tags\"", FieldLimits.Unbounded) ?? "").Split(',').ToList(),
        };
        var result = words.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        foreach (var tag in result)
            RequestBody.CheckLength(tag, $"The tag \"{tag[..Math.Min(tag.Length, 40)]}\"", FieldLimits.Short);
        return result;
    }

    /// <summary>Keeps a handler's IResult: as a RequestDelegate its return value would be dropped.</summary>
    internal static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static IResult Json<T>(T value, int code) => Results.Json(value, MonitorJson.Options, statusCode: code);

    /// <summary>A result with a Location header (the 302 of a moved prefix).</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
