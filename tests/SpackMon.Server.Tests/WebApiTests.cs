using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;

namespace SpackMon.Server.Tests;

/// <summary>The read API's listings and the log analysis at ingest, against SQLite.</summary>
[TestClass]
public sealed class SqliteWebApiTests : WebApiTests
{
    private static ClassServer s_class = null!;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(new SqliteTestDatabases());

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

/// <summary>The same against PostgreSQL.</summary>
[TestClass]
public sealed class PostgresWebApiTests : WebApiTests
{
    private static ClassServer s_class = null!;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(PostgresTestDatabases.FromEnvironment());

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

/// <summary>The read API's tests, run by each database's class.</summary>
public abstract class WebApiTests
{
    protected abstract ServerUnderTest? Shared { get; }

    protected ServerUnderTest S => Shared!;

    [TestInitialize]
    public void RequireDatabase()
    {
        if (Shared is null)
            Assert.Inconclusive(PostgresTestDatabases.SkipMessage);
    }

    private async Task<JsonNode> JsonAsync(string path)
    {
        var reply = await S.GetAsync(path);
        Assert.AreEqual(200, reply.Code, path + " → " + reply);
        Assert.AreEqual("application/json", reply.ContentType, path);
        return reply.Json;
    }

    private async Task AssertBadAsync(string path, int code, string inMessage)
    {
        var reply = await S.GetAsync(path);
        Assert.AreEqual(code, reply.Code, path + " → " + reply);
        StringAssert.Contains(reply.Json["message"]!.GetValue<string>(), inMessage, path);
    }

    private static List<long> Ids(JsonNode page) => page["results"]!.AsArray().Select(r => r!["id"]!.GetValue<long>()).ToList();

    [TestMethod]
    public async Task A_phase_update_stores_the_errors_and_warnings_of_its_output_with_file_line_code_context_and_repeats()
    {
        var seeded = await WebData.FailedBuildAsync(S);

        var errors = await JsonAsync($"/api/builds/{seeded.BuildId}/errors/");
        Assert.AreEqual(1, errors["count"]!.GetValue<long>(), errors.ToJsonString());
        var error = errors["results"]![0]!;
        Assert.AreEqual("error", error["kind"]!.GetValue<string>());
        Assert.AreEqual("CS0103", error["code"]!.GetValue<string>());
        Assert.AreEqual("The name 'nmae' does not exist in the current context", error["text"]!.GetValue<string>());
        Assert.AreEqual("/src/Greeting/Greeter.cs", error["source_file"]!.GetValue<string>());
        Assert.AreEqual(8, error["source_line"]!.GetValue<int>());
        Assert.AreEqual(28, error["source_column"]!.GetValue<int>());
        Assert.AreEqual(WebData.ErrorLine, error["log_line"]!.GetValue<int>());
        Assert.AreEqual(2, error["repeat_count"]!.GetValue<int>(), "MSBuild repeats it in its summary");
        Assert.AreEqual("compile", error["phase_name"]!.GetValue<string>());
        Assert.AreEqual(seeded.CompilePhaseId, error["phase_id"]!.GetValue<long>());
        StringAssert.Contains(error["context_before"]!.ToJsonString(), "Determining projects to restore...");
        StringAssert.Contains(error["context_after"]!.ToJsonString(), "warning CS0219");

        var warnings = await JsonAsync($"/api/builds/{seeded.BuildId}/warnings/");
        Assert.AreEqual(1, warnings["count"]!.GetValue<long>());
        Assert.AreEqual("CS0219", warnings["results"]![0]!["code"]!.GetValue<string>());
        Assert.AreEqual(WebData.ErrorLine + 1, warnings["results"]![0]!["log_line"]!.GetValue<int>());

        var phaseErrors = await JsonAsync($"/api/phases/{seeded.CompilePhaseId}/errors/");
        Assert.AreEqual(1, phaseErrors["count"]!.GetValue<long>());
        var phases = await JsonAsync($"/api/builds/{seeded.BuildId}/phases/");
        var compile = phases["results"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "compile")!;
        Assert.AreEqual(1, compile["errors"]!.GetValue<long>());
        Assert.AreEqual(1, compile["warnings"]!.GetValue<long>());
        var phase = await JsonAsync($"/api/phases/{seeded.CompilePhaseId}/");
        StringAssert.Contains(phase["output"]!.GetValue<string>(), "error CS0103");
    }

    [TestMethod]
    public async Task A_repeated_phase_update_replaces_what_was_extracted_before()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        await WebData.PhaseAsync(S, seeded.BuildId, "compile", "SUCCESS", "==> compile SUCCESS in 1.00 s\nBuild succeeded.\n");
        Assert.AreEqual(0, (await JsonAsync($"/api/builds/{seeded.BuildId}/errors/"))["count"]!.GetValue<long>());
        Assert.AreEqual(0, (await JsonAsync($"/api/builds/{seeded.BuildId}/warnings/"))["count"]!.GetValue<long>());

        await WebData.PhaseAsync(S, seeded.BuildId, "compile", "ERROR", "a.c:3:1: error: expected ';' before '}' token\n");
        var errors = await JsonAsync($"/api/builds/{seeded.BuildId}/errors/");
        Assert.AreEqual(1, errors["count"]!.GetValue<long>());
        Assert.AreEqual("a.c", errors["results"]![0]!["source_file"]!.GetValue<string>());

        await WebData.PhaseAsync(S, seeded.BuildId, "compile", "ERROR", null);
        Assert.AreEqual(0, (await JsonAsync($"/api/builds/{seeded.BuildId}/errors/"))["count"]!.GetValue<long>(), "no output, nothing found");
    }

    [TestMethod]
    public async Task Builds_filter_by_status_tag_owner_spec_and_text_and_carry_their_counts()
    {
        var failed = await WebData.FailedBuildAsync(S);
        var other = await WebData.FailedBuildAsync(S, user: "bob");
        Assert.AreEqual(200, (await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = other.BuildId, ["status"] = "SUCCESS" }, "bob")).Code);

        var byTag = await JsonAsync($"/api/builds/?tag={failed.Tag}");
        CollectionAssert.AreEqual(new[] { failed.BuildId }, Ids(byTag));
        var item = byTag["results"]![0]!;
        Assert.AreEqual(1, item["error_count"]!.GetValue<long>());
        Assert.AreEqual(1, item["warning_count"]!.GetValue<long>());
        Assert.AreEqual(1, item["phases_ok"]!.GetValue<long>());
        Assert.AreEqual(1, item["phases_failed"]!.GetValue<long>());
        Assert.AreEqual("FAILED", item["status"]!.GetValue<string>());

        CollectionAssert.AreEqual(new[] { failed.BuildId }, Ids(await JsonAsync($"/api/builds/?spec={failed.AppName.ToUpperInvariant()}")));
        CollectionAssert.AreEqual(new[] { failed.BuildId }, Ids(await JsonAsync($"/api/builds/?q={failed.AppName[^8..]}&status=failed")));
        CollectionAssert.AreEqual(new[] { other.BuildId }, Ids(await JsonAsync($"/api/builds/?q={other.AppName[^8..]}&owner=bob&status=SUCCESS")));
        Assert.AreEqual(0, (await JsonAsync($"/api/builds/?spec={failed.AppName}&owner=bob"))["count"]!.GetValue<long>());

        // The text search reaches the extracted diagnostics: every build with a CS0103, and only those.
        var byCode = await JsonAsync("/api/builds/?q=cs0103&page_size=1000");
        CollectionAssert.IsSubsetOf(new[] { failed.BuildId, other.BuildId }, Ids(byCode));
        Assert.IsTrue(byCode["results"]!.AsArray().All(b => b!["error_count"]!.GetValue<long>() > 0));
        // LIKE wildcards in the search are plain characters.
        Assert.AreEqual(0, (await JsonAsync("/api/builds/?q=%25_%25"))["count"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task Builds_sort_by_a_column_in_either_direction_and_page_keeping_the_filters()
    {
        var tag = "sort-" + SpecBuilder.NewHash()[..8];
        var first = await WebData.FailedBuildAsync(S, appName: "a-sort-" + tag, tag: tag);
        var second = await WebData.FailedBuildAsync(S, appName: "b-sort-" + tag, tag: tag);
        await WebData.PhaseAsync(S, second.BuildId, "compile", "SUCCESS", "done\n");

        CollectionAssert.AreEqual(new[] { second.BuildId, first.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}")), "newest first");
        CollectionAssert.AreEqual(new[] { first.BuildId, second.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=spec")));
        CollectionAssert.AreEqual(new[] { second.BuildId, first.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=spec&order=desc")));
        CollectionAssert.AreEqual(new[] { first.BuildId, second.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=errors")));

        var page = await JsonAsync($"/api/builds/?tag={tag}&sort=spec&page_size=1");
        Assert.AreEqual(2, page["count"]!.GetValue<long>());
        var next = page["next"]!.GetValue<string>();
        StringAssert.Contains(next, "tag=" + tag);
        StringAssert.Contains(next, "sort=spec");
        CollectionAssert.AreEqual(new[] { second.BuildId }, Ids(await JsonAsync(new Uri(next).PathAndQuery)));
    }

    [TestMethod]
    public async Task Builds_sort_by_owner_filter_by_owner_and_spec_name_together_and_pages_of_one_make_the_whole_order()
    {
        var tag = "own-" + SpecBuilder.NewHash()[..8];
        var bob = await WebData.FailedBuildAsync(S, appName: "same-" + tag, user: "bob", tag: tag);
        var alice = await WebData.FailedBuildAsync(S, appName: "same-" + tag, user: "alice", tag: tag);
        var other = await WebData.FailedBuildAsync(S, appName: "other-" + tag, user: "alice", tag: tag);

        // Equal owners fall back to the build id, in the same direction.
        CollectionAssert.AreEqual(new[] { alice.BuildId, other.BuildId, bob.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=owner")));
        CollectionAssert.AreEqual(new[] { bob.BuildId, other.BuildId, alice.BuildId }, Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=owner&order=desc")));

        var both = await JsonAsync($"/api/builds/?owner=bob&spec=SAME-{tag}");
        Assert.AreEqual(1, both["count"]!.GetValue<long>());
        CollectionAssert.AreEqual(new[] { bob.BuildId }, Ids(both));
        Assert.AreEqual(0, (await JsonAsync($"/api/builds/?owner=bob&spec=other-{tag}"))["count"]!.GetValue<long>());

        // Equal spec names fall back to the build id; each page of one continues where the last stopped.
        var whole = Ids(await JsonAsync($"/api/builds/?tag={tag}&sort=spec"));
        CollectionAssert.AreEqual(new[] { other.BuildId, bob.BuildId, alice.BuildId }, whole);
        CollectionAssert.AreEqual(whole, await PagesOfOneAsync($"/api/builds/?tag={tag}&sort=spec", 3));
        CollectionAssert.AreEqual(new[] { bob.BuildId, other.BuildId, alice.BuildId }, await PagesOfOneAsync($"/api/builds/?tag={tag}&sort=owner&order=desc", 3));
    }

    // The ids of pages 1 to pages of one build each, in turn.
    private async Task<List<long>> PagesOfOneAsync(string query, int pages)
    {
        var ids = new List<long>();
        for (var page = 1; page <= pages; page++)
            ids.AddRange(Ids(await JsonAsync($"{query}&page={page}&page_size=1")));
        return ids;
    }

    [TestMethod]
    public async Task Dependents_answer_which_specs_and_builds_used_a_package_at_a_version()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        var dependents = await JsonAsync($"/api/dependents/?name={seeded.PackageName.ToLowerInvariant()}&version=13.0.3");
        var names = dependents["results"]!.AsArray().ToDictionary(d => d!["spec"]!["name"]!.GetValue<string>(), d => d!);
        CollectionAssert.AreEquivalent(new[] { seeded.AppName, seeded.LibName }, names.Keys.ToList());
        Assert.IsTrue(names[seeded.AppName]["direct"]!.GetValue<bool>());
        Assert.AreEqual("13.0.3", names[seeded.LibName]["dependency_version"]!.GetValue<string>());

        var builds = await JsonAsync($"/api/dependents/builds/?name={seeded.PackageName}&version=13.0.3");
        CollectionAssert.AreEqual(new[] { seeded.BuildId }, Ids(builds));
        Assert.AreEqual(0, (await JsonAsync($"/api/dependents/?name={seeded.PackageName}&version=9.9.9"))["count"]!.GetValue<long>());
        Assert.AreEqual(0, (await JsonAsync($"/api/dependents/builds/?name={seeded.PackageName}&version=9.9.9"))["count"]!.GetValue<long>());

        // Through another spec: the lib uses the package, the app uses the lib.
        var viaLib = await JsonAsync($"/api/dependents/?name={seeded.LibName}");
        Assert.AreEqual(seeded.AppName, viaLib["results"]![0]!["spec"]!["name"]!.GetValue<string>());
        await AssertBadAsync("/api/dependents/", 400, "\"name\" is required");
    }

    [TestMethod]
    public async Task Specs_list_by_name_and_namespace_and_a_spec_lists_its_builds()
    {
        var seeded = await WebData.FailedBuildAsync(S);
        var packages = await JsonAsync($"/api/specs/?namespace=nuget&name={seeded.PackageName}");
        Assert.AreEqual(1, packages["count"]!.GetValue<long>());
        Assert.AreEqual("13.0.3", packages["results"]![0]!["version"]!.GetValue<string>());
        Assert.AreEqual(0, (await JsonAsync($"/api/specs/?namespace=dotnet&name={seeded.PackageName}"))["count"]!.GetValue<long>());
        var builds = await JsonAsync($"/api/specs/{seeded.AppHash}/builds/");
        CollectionAssert.AreEqual(new[] { seeded.BuildId }, Ids(builds));
        Assert.IsTrue(builds["results"]![0]!["tags"]!.AsArray().Any(t => t!.GetValue<string>() == "ci"), builds.ToJsonString());
    }

    [TestMethod]
    public async Task Bad_parameters_and_unknown_ids_answer_4xx_with_a_message()
    {
        await AssertBadAsync("/api/builds/?status=BROKEN", 400, "\"status\" must be one of");
        await AssertBadAsync("/api/builds/?sort=password", 400, "\"sort\" must be one of");
        await AssertBadAsync("/api/builds/?order=sideways", 400, "\"order\"");
        await AssertBadAsync("/api/builds/?page=-1", 400, "\"page\"");
        await AssertBadAsync("/api/builds/?page_size=1001", 400, "\"page_size\"");
        await AssertBadAsync("/api/builds/?page=99999999999999999999", 400, "\"page\"");
        await AssertBadAsync("/api/builds/?q=" + new string('x', 201), 400, "longer than 200");
        await AssertBadAsync("/api/builds/?tag=a&tag=b", 400, "once");
        await AssertBadAsync("/api/builds/999999/phases/", 404, "no build 999999");
        await AssertBadAsync("/api/builds/999999/errors/", 404, "no build 999999");
        await AssertBadAsync("/api/phases/999999/", 404, "no phase 999999");
        await AssertBadAsync("/api/phases/999999/warnings/", 404, "no phase 999999");
        await AssertBadAsync("/api/specs/no-such-hash/builds/", 404, "no spec");
        var huge = await S.GetAsync("/api/builds/?q=" + new string('x', 100_000));
        Assert.IsTrue(huge.Code is >= 400 and < 500, huge.ToString());
    }

    [TestMethod]
    public async Task The_OpenAPI_document_describes_every_read_endpoint()
    {
        var document = await JsonAsync("/api/openapi.json");
        Assert.AreEqual("3.0.3", document["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[]
                 {
                     "/api/builds/", "/api/builds/{id}/", "/api/builds/{id}/phases/", "/api/builds/{id}/errors/", "/api/builds/{id}/warnings/",
                     "/api/phases/{id}/", "/api/phases/{id}/errors/", "/api/phases/{id}/warnings/", "/api/specs/", "/api/specs/{full_hash}/",
                     "/api/specs/{full_hash}/builds/", "/api/dependents/", "/api/dependents/builds/",
                 })
            CollectionAssert.Contains(paths, path);
        // Every schema reference resolves.
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var reference in System.Text.RegularExpressions.Regex.Matches(document.ToJsonString(), "#/components/schemas/(\\w+)"))
            Assert.IsTrue(schemas.ContainsKey(((System.Text.RegularExpressions.Match)reference).Groups[1].Value), reference.ToString());
        var filters = document["paths"]!["/api/builds/"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "status", "tag", "owner", "spec", "q", "sort", "order", "page", "page_size" }, filters);
    }
}
