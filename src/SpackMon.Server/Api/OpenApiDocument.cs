using System.Text.Json.Nodes;

namespace SpackMon.Server.Api;

/// <summary>The OpenAPI 3.0 description of the read API, served at <c>/api/openapi.json</c>.</summary>
internal static class OpenApiDocument
{
    private static readonly Lazy<string> Text = new(() => Build().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The document as JSON text, built on first use.</summary>
    public static string Json => Text.Value;

    private static readonly (string Name, string Description)[] BuildFilters =
    [
        ("status", "Only builds of this status: SUCCESS, FAILED, CANCELLED or NOTRUN."),
        ("tag", "Only builds with this tag."),
        ("owner", "Only builds of this user."),
        ("spec", "Only builds of specs with this name (case-insensitive)."),
        ("q", "Text search in spec name, version and hash, owner, host, tags, and the codes and messages of extracted errors and warnings."),
        ("sort", "Order by when (default), updated, spec, status, owner, host, errors or warnings."),
        ("order", "asc or desc."),
    ];

    private static JsonObject Build()
    {
        var paths = new JsonObject
        {
            ["/api/builds/"] = Get("Builds, newest first, filtered and paged", Paged("BuildListItem"), [.. BuildFilters, .. Paging]),
            ["/api/builds/{id}/"] = Get("One build with its spec, environment, tags, phases (with output) and environment variables",
                Ref("Build"), [Path("id", "Build id")]),
            ["/api/builds/{id}/phases/"] = Get("The phases of a build with durations' dates and error/warning counts", Paged("Phase"),
                [Path("id", "Build id")]),
            ["/api/builds/{id}/errors/"] = Get("Errors extracted from the build's phase outputs, in log order", Paged("Diagnostic"),
                [Path("id", "Build id"), .. Paging]),
            ["/api/builds/{id}/warnings/"] = Get("Warnings extracted from the build's phase outputs, in log order", Paged("Diagnostic"),
                [Path("id", "Build id"), .. Paging]),
            ["/api/phases/{id}/"] = Get("One phase with its output", Ref("Phase"), [Path("id", "Phase id")]),
            ["/api/phases/{id}/errors/"] = Get("Errors extracted from one phase's output", Paged("Diagnostic"), [Path("id", "Phase id"), .. Paging]),
            ["/api/phases/{id}/warnings/"] = Get("Warnings extracted from one phase's output", Paged("Diagnostic"), [Path("id", "Phase id"), .. Paging]),
            ["/api/specs/"] = Get("Specs by name and version", Paged("SpecRow"),
                [("name", "Only specs with this name (case-insensitive)."), ("namespace", "Only specs of this namespace, e.g. nuget or dotnet."), .. Paging]),
            ["/api/specs/{full_hash}/"] = Get("One spec with parameters and direct dependencies", Ref("Spec"), [Path("full_hash", "The spec's full hash")]),
            ["/api/specs/{full_hash}/builds/"] = Get("The builds of a spec on every host", Paged("BuildRow"),
                [Path("full_hash", "The spec's full hash"), .. Paging]),
            ["/api/dependents/"] = Get("Every spec that uses a dependency, directly (depth 1) or through others", Paged("DependentSpec"),
                [("name", "Dependency name, e.g. Newtonsoft.Json (required)."), ("version", "Only this version of it."), .. Paging]),
            ["/api/dependents/builds/"] = Get("Every build whose spec uses a dependency (which builds used package X@Y)", Paged("BuildRow"),
                [("name", "Dependency name (required)."), ("version", "Only this version of it."), .. BuildFilters, .. Paging]),
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "SpackMon read API",
                ["version"] = MonitorServer.Version,
                ["description"] = "Read-only JSON over the builds, phases, extracted errors and warnings, specs and dependents of a SpackMon server. " +
                                  "No authentication. Listings are paged: count, next, previous, results. A bad parameter answers 400 with a message.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = Schemas() },
        };
    }

    private static readonly (string Name, string Description)[] Paging =
    [
        ("page", "1-based page number."),
        ("page_size", $"Results per page, 1 to {QueryInput.MaxPageSize} (default {QueryInput.DefaultPageSize})."),
    ];

    private static (string Name, string Description) Path(string name, string description) => ("{" + name + "}", description);

    private static JsonObject Get(string summary, JsonObject schema, (string Name, string Description)[] parameters) => new()
    {
        ["get"] = new JsonObject
        {
            ["summary"] = summary,
            ["parameters"] = new JsonArray([.. parameters.Select(p => (JsonNode)Parameter(p.Name, p.Description))]),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } } },
                ["400"] = ErrorResponse("A parameter is not valid."),
                ["404"] = ErrorResponse("No such build, phase or spec."),
            },
        },
    };

    private static JsonObject Parameter(string name, string description)
    {
        var inPath = name.StartsWith('{');
        var plain = inPath ? name[1..^1] : name;
        var integer = plain is "id" or "page" or "page_size";
        return new JsonObject
        {
            ["name"] = plain,
            ["in"] = inPath ? "path" : "query",
            ["required"] = inPath,
            ["description"] = description,
            ["schema"] = new JsonObject { ["type"] = integer ? "integer" : "string" },
        };
    }

    private static JsonObject ErrorResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref("Error") } },
    };

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Paged(string item) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["count"] = Type("integer"),
            ["next"] = Nullable("string"),
            ["previous"] = Nullable("string"),
            ["results"] = new JsonObject { ["type"] = "array", ["items"] = Ref(item) },
        },
    };

    private static JsonObject Type(string type) => new() { ["type"] = type };

    private static JsonObject Nullable(string type) => new() { ["type"] = type, ["nullable"] = true };

    private static JsonObject Object(params (string Name, JsonNode Schema)[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject(properties.Select(p => new KeyValuePair<string, JsonNode?>(p.Name, p.Schema))),
    };

    private static JsonObject Schemas()
    {
        JsonNode S() => Type("string");
        JsonNode I() => Type("integer");
        JsonNode Strings() => new JsonObject { ["type"] = "array", ["items"] = Type("string") };
        var specBrief = Object(("id", I()), ("name", S()), ("version", S()), ("full_hash", S()), ("spack_version", S()));
        var environment = Object(("hostname", S()), ("kernel_version", S()), ("host_os", S()), ("platform", S()), ("host_target", S()));
        var build = Object(("id", I()), ("status", S()), ("owner", S()), ("tags", Strings()), ("spec", specBrief), ("build_environment", environment),
            ("phases", new JsonObject { ["type"] = "array", ["items"] = Object(("id", I()), ("name", S()), ("status", S()), ("output", Nullable("string"))) }),
            ("envars", new JsonObject { ["type"] = "array", ["items"] = Object(("name", S()), ("value", Nullable("string"))) }),
            ("config_args", Nullable("string")), ("add_date", S()), ("modify_date", S()));
        var listItem = build.DeepClone().AsObject();
        foreach (var count in new[] { "phases_ok", "phases_failed", "error_count", "warning_count" })
            listItem["properties"]![count] = I();
        return new JsonObject
        {
            ["Error"] = Object(("message", S())),
            ["Build"] = build,
            ["BuildListItem"] = listItem,
            ["BuildRow"] = Object(("id", I()), ("status", S()), ("owner", S()), ("spec_id", I()), ("spec_name", S()), ("spec_version", S()),
                ("spec_full_hash", S()), ("hostname", S()), ("host_os", S()), ("platform", S()), ("host_target", S()), ("tags", Strings()),
                ("phases_ok", I()), ("phases_failed", I()), ("phases_total", I()), ("errors", I()), ("warnings", I()), ("add_date", S()),
                ("modify_date", S())),
            ["Phase"] = Object(("id", I()), ("build_id", I()), ("name", S()), ("status", S()), ("output_length", I()), ("errors", I()),
                ("warnings", I()), ("add_date", S()), ("modify_date", S()), ("output", Nullable("string"))),
            ["Diagnostic"] = Object(("id", I()), ("build_id", I()), ("phase_id", I()), ("phase_name", S()), ("kind", S()), ("code", Nullable("string")),
                ("text", S()), ("source_file", Nullable("string")), ("source_line", Nullable("integer")), ("source_column", Nullable("integer")),
                ("log_line", I()), ("context_before", Strings()), ("context_after", Strings()), ("repeat_count", I())),
            ["SpecRow"] = Object(("id", I()), ("name", S()), ("version", S()), ("namespace", Nullable("string")), ("full_hash", S()),
                ("spack_version", S()), ("add_date", S())),
            ["Spec"] = Object(("id", I()), ("name", S()), ("version", S()), ("full_hash", S()), ("namespace", Nullable("string")),
                ("parameters", Type("object")), ("compiler", Object(("name", S()), ("version", S()))),
                ("dependencies", new JsonObject { ["type"] = "array", ["items"] = Object(("name", S()), ("full_hash", S()), ("type", Strings())) })),
            ["DependentSpec"] = Object(("spec", Ref("SpecRow")), ("dependency_version", S()), ("depth", I()), ("direct", Type("boolean"))),
        };
    }
}
