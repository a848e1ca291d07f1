using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

/// <summary>The ms1 API over real HTTP, run once against SQLite and once against PostgreSQL.</summary>
[TestClass]
public sealed class SqliteApiTests : ApiTests
{
    private static ClassServer s_class = null!;

    protected override TestDatabases? Databases => s_class.Databases;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(new SqliteTestDatabases(), StartSharedAsync);

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

/// <summary>The same API suite against PostgreSQL (a fresh database per class, dropped afterwards).</summary>
[TestClass]
public sealed class PostgresApiTests : ApiTests
{
    private static ClassServer s_class = null!;

    protected override TestDatabases? Databases => s_class.Databases;

    protected override ServerUnderTest? Shared => s_class.Server;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_class = await ClassServer.StartAsync(PostgresTestDatabases.FromEnvironment(), StartSharedAsync);

    [ClassCleanup]
    public static async Task StopAsync() => await s_class.DisposeAsync();
}

public abstract partial class ApiTests
{
    protected abstract TestDatabases? Databases { get; }

    protected abstract ServerUnderTest? Shared { get; }

    /// <summary>The server most tests share: authentication on, users alice and bob.</summary>
    protected ServerUnderTest S => Shared!;

    protected static Task<ServerUnderTest> StartSharedAsync(TestDatabases databases) =>
        ServerUnderTest.StartAsync(databases, null, "alice", "bob");

    [TestInitialize]
    public void RequireDatabase()
    {
        if (Shared is null)
            Assert.Inconclusive(PostgresTestDatabases.SkipMessage);
    }

    /// <summary>Registers a root spec with one dependency; returns both full hashes.</summary>
    protected async Task<(string Root, string Dependency)> PostSpecAsync(string spackVersion = "1.0.0")
    {
        var (root, dep) = (NewHash(), NewHash());
        var reply = await S.PostAsync("/ms1/specs/new/", SpecBody(spackVersion, Node("app-" + root[..6], root, ("lib-" + dep[..6], dep)), Node("lib-" + dep[..6], dep)));
        Assert.AreEqual(201, reply.Code, reply.ToString());
        return (root, dep);
    }

    protected async Task<long> NewBuildAsync(string fullHash, string user = "alice", string hostname = "host-a", string? tags = null)
    {
        var reply = await S.PostAsync("/ms1/builds/new/", BuildBody(fullHash, hostname: hostname, tags: tags), user);
        Assert.IsTrue(reply.Code is 200 or 201, reply.ToString());
        return reply.Json["data"]!["build"]!["build_id"]!.GetValue<long>();
    }

    protected async Task<JsonNode> BuildViewAsync(long id)
    {
        var reply = await S.GetAsync($"/api/builds/{id}/");
        Assert.AreEqual(200, reply.Code, reply.ToString());
        return reply.Json;
    }

    private static void AssertMessage(Reply reply, int code)
    {
        Assert.AreEqual(code, reply.Code, reply.ToString());
        Assert.AreEqual("application/json", reply.ContentType, reply.ToString());
        Assert.IsFalse(string.IsNullOrWhiteSpace(reply.Json["message"]?.GetValue<string>()), reply.ToString());
    }

    [TestMethod]
    public async Task ServiceInfo_answers_the_reference_body_shape()
    {
        var reply = await S.GetAsync("/ms1/");
        Assert.AreEqual(200, reply.Code);
        var expected = SharedFixtures.Load("reference-server", SharedFixtures.ServerFile("001"))["response"]!["body_json"]!.AsObject();
        CollectionAssert.AreEquivalent(expected.Select(p => p.Key).ToList(), reply.Json.AsObject().Select(p => p.Key).ToList());
        Assert.AreEqual("spackmon", reply.Json["id"]!.GetValue<string>());
        Assert.AreEqual("running", reply.Json["status"]!.GetValue<string>());
        Assert.AreEqual("Spack Monitor (Spackmon)", reply.Json["name"]!.GetValue<string>());
        Assert.AreEqual(200, (await S.GetAsync("/ms1")).Code, "without the trailing slash");
    }

    [TestMethod]
    public async Task Wrong_method_answers_405_and_unknown_urls_404_with_json()
    {
        var post = await S.SendAsync(HttpMethod.Post, "/ms1/", "{}", null);
        AssertMessage(post, 405);
        Assert.AreEqual("Method \"POST\" not allowed.", post.Json["detail"]!.GetValue<string>());
        var get = await S.GetAsync("/ms1/builds/new/", "Bearer " + await S.JwtAsync("alice"));
        AssertMessage(get, 405);
        Assert.AreEqual("Method \"GET\" not allowed.", get.Json["detail"]!.GetValue<string>());
        AssertMessage(await S.GetAsync("/ms1/nope/"), 404);
        AssertMessage(await S.GetAsync("/nothing/here"), 404);
        AssertMessage(await S.GetAsync("/ms1/specs/notanumber/attributes/"), 404);
    }

    [TestMethod]
    public async Task Protected_endpoints_without_a_token_answer_401_with_the_reference_challenge()
    {
        var host = S.Server.BaseAddress.Authority;
        foreach (var endpoint in new[] { "specs/new", "builds/new", "builds/phases/update", "builds/update", "analyze/builds" })
        {
            var reply = await S.PostAsync($"/ms1/{endpoint}/", "{}", user: null);
            AssertMessage(reply, 401);
            Assert.AreEqual($"realm=\"http://{host}/auth/token/\",service=\"http://{host}\",scope=\"build\"",
                string.Join(",", reply.Headers.GetValues("WWW-Authenticate")), endpoint);
        }
    }

    [TestMethod]
    public async Task Token_endpoint_trades_basic_credentials_for_an_HS256_JWT_with_the_reference_claims()
    {
        var reply = await S.GetAsync("/auth/token/?service=http%3A%2F%2F127.0.0.1&scope=build", ServerUnderTest.Basic("alice", S.ApiTokens["alice"]));
        Assert.AreEqual(200, reply.Code, reply.ToString());
        Assert.AreEqual(600, reply.Json["expires_in"]!.GetValue<int>());
        Assert.IsTrue(DateTime.TryParse(reply.Json["issued_at"]!.GetValue<string>(), out _));
        var parts = reply.Json["token"]!.GetValue<string>().Split('.');
        Assert.HasCount(3, parts);
        var header = JsonNode.Parse(FromBase64Url(parts[0]))!;
        Assert.AreEqual("HS256", header["alg"]!.GetValue<string>());
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
        CollectionAssert.AreEquivalent(new[] { "iss", "sub", "exp", "nbf", "iat", "jti", "access" }, claims.Select(c => c.Key).ToList());
        Assert.AreEqual("alice", claims["sub"]!.GetValue<string>());
        Assert.AreEqual($"http://{S.Server.BaseAddress.Authority}/auth/token/", claims["iss"]!.GetValue<string>());
        Assert.AreEqual("""[{"type":"build","actions":["build"]}]""", claims["access"]!.ToJsonString());
        Assert.IsTrue(claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>() is >= 600 and <= 601);

        AssertMessage(await S.GetAsync("/auth/token/"), 403);
        AssertMessage(await S.GetAsync("/auth/token/", ServerUnderTest.Basic("alice", new string('0', 64))), 403);
        AssertMessage(await S.GetAsync("/auth/token/", ServerUnderTest.Basic("nobody", S.ApiTokens["alice"])), 403);
        AssertMessage(await S.GetAsync("/auth/token/", ServerUnderTest.Basic("bob", S.ApiTokens["alice"])), 403);
        AssertMessage(await S.GetAsync("/auth/token/", "Basic !!!notbase64"), 403);
        AssertMessage(await S.GetAsync("/auth/token/", "Bearer " + await S.JwtAsync("alice")), 403);
    }

    [TestMethod]
    public async Task Anything_but_our_valid_JWT_is_refused()
    {
        var body = SpecBody("1.0.0", Node("x", NewHash())).ToJsonString();
        var jwt = await S.JwtAsync("alice");
        var parts = jwt.Split('.');
        var claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
        claims["sub"] = "bob";
        var forgedClaims = $"{parts[0]}.{ToBase64Url(claims.ToJsonString())}.{parts[2]}";
        var badSignature = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";
        var algNone = $"{ToBase64Url("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
        foreach (var authorization in new[]
                 {
                     "Bearer not-a-jwt", "Bearer " + forgedClaims, "Bearer " + badSignature, "Bearer " + algNone,
                     "Bearer " + S.ApiTokens["alice"], "Token " + S.ApiTokens["alice"], "Bearer ",
                 })
        {
            var reply = await S.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, authorization);
            AssertMessage(reply, 401);
            Assert.IsTrue(reply.Headers.Contains("WWW-Authenticate"), authorization);
        }

        var basic = await S.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, ServerUnderTest.Basic("alice", S.ApiTokens["alice"]));
        AssertMessage(basic, 403);
        Assert.AreEqual("Invalid username/password.", basic.Json["detail"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task A_token_expires_after_its_lifetime()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, o => o.TokenLifetimeSeconds = 1, "carol");
        var body = SpecBody("1.0.0", Node("x", NewHash())).ToJsonString();
        var token = await server.JwtAsync("carol");
        Assert.AreEqual(1, (await server.GetAsync("/auth/token/", ServerUnderTest.Basic("carol", server.ApiTokens["carol"]))).Json["expires_in"]!.GetValue<int>());
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", body, "carol")).Code, "a fresh token works");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Reply reply;
        do
        {
            await Task.Delay(100);
            reply = await server.SendAsync(HttpMethod.Post, "/ms1/specs/new/", body, "Bearer " + token);
        }
        while (reply.Code == 200 && DateTime.UtcNow < deadline);
        AssertMessage(reply, 401);
        Assert.IsTrue(reply.Headers.Contains("WWW-Authenticate"));
    }

    [TestMethod]
    public async Task Tokens_survive_a_restart_on_the_same_database()
    {
        var options = await Databases!.CreateAsync();
        string jwt;
        await using (var first = await ServerUnderTest.StartAsync(options, "dave"))
            jwt = await first.JwtAsync("dave");
        await using var second = await ServerUnderTest.StartAsync(options);
        var reply = await second.SendAsync(HttpMethod.Post, "/ms1/specs/new/", SpecBody("1.0.0", Node("x", NewHash())).ToJsonString(), "Bearer " + jwt);
        Assert.AreEqual(201, reply.Code, reply.ToString());
    }

    [TestMethod]
    public async Task Specs_new_stores_every_node_with_its_edges_and_answers_201_then_200()
    {
        var body = SharedFixtures.ServerRequestBody("009");
        body["spack_version"] = "test-" + NewHash()[..8];
        var created = await S.PostAsync("/ms1/specs/new/", body);
        Assert.AreEqual(201, created.Code, created.ToString());
        var spec = created.Json["data"]!["spec"]!;
        Assert.IsTrue(created.Json["data"]!["created"]!.GetValue<bool>());
        Assert.AreEqual(201, created.Json["code"]!.GetValue<int>());
        Assert.AreEqual("success", created.Json["message"]!.GetValue<string>());
        Assert.AreEqual("36u22fm5i3w2tqyiyje22j6x55emekjw", spec["full_hash"]!.GetValue<string>());
        Assert.AreEqual("singularity", spec["name"]!.GetValue<string>());
        Assert.AreEqual("3.8.0", spec["version"]!.GetValue<string>());
        // The fixture names dependencies by build_hash; the answer gives the dependency nodes' full hashes.
        Assert.HasCount(8, spec["specs"]!.AsObject());
        Assert.AreEqual("hw3pppjcp6yspickopaqh6nq7zpivs6x", spec["specs"]!["cryptsetup"]!.GetValue<string>());

        var again = await S.PostAsync("/ms1/specs/new/", body);
        Assert.AreEqual(200, again.Code, again.ToString());
        Assert.IsFalse(again.Json["data"]!["created"]!.GetValue<bool>());
        Assert.AreEqual(spec.ToJsonString(), again.Json["data"]!["spec"]!.ToJsonString());

        var cryptsetup = (await S.GetAsync("/api/specs/hw3pppjcp6yspickopaqh6nq7zpivs6x/")).Json;
        Assert.AreEqual("2.3.5", cryptsetup["version"]!.GetValue<string>());
        Assert.AreEqual("skylake", cryptsetup["arch"]!["target"]!["name"]!.GetValue<string>());
        var autoconf = cryptsetup["dependencies"]!.AsArray().Single(d => d!["name"]!.GetValue<string>() == "autoconf")!;
        Assert.AreEqual("4qeq3dr7nqtoxwovwuxsy4casqzireog", autoconf["full_hash"]!.GetValue<string>());
        Assert.AreEqual("""["build"]""", autoconf["type"]!.ToJsonString());
        // Every node of the DAG is stored: the deepest ones too.
        Assert.AreEqual(200, (await S.GetAsync("/api/specs/tvl3s5tltn7wo4ybierkr3lcx4l24kde/")).Code, "libmd");
    }

    [TestMethod]
    public async Task Specs_new_of_a_dag_partly_stored_adds_only_the_new_nodes_and_a_repost_answers_the_same()
    {
        var version = "part-" + NewHash()[..8];
        string app = NewHash(), lib = NewHash(), zlib = NewHash();
        var libBody = SpecBody(version, Node("lib", lib, ("zlib", zlib)), Node("zlib", zlib));
        Assert.AreEqual(201, (await S.PostAsync("/ms1/specs/new/", libBody)).Code);

        var appBody = SpecBody(version, Node("app", app, ("lib", lib)), Node("lib", lib, ("zlib", zlib)), Node("zlib", zlib));
        var created = await S.PostAsync("/ms1/specs/new/", appBody);
        Assert.AreEqual(201, created.Code, "two of the three nodes were stored already; the root is new");
        Assert.AreEqual(lib, created.Json["data"]!["spec"]!["specs"]!["lib"]!.GetValue<string>());
        var stored = (await S.GetAsync($"/api/specs/{app}/")).Json;
        Assert.AreEqual(lib, stored["dependencies"]!.AsArray().Single()!["full_hash"]!.GetValue<string>());
        var libStored = (await S.GetAsync($"/api/specs/{lib}/")).Json;
        Assert.AreEqual(zlib, libStored["dependencies"]!.AsArray().Single()!["full_hash"]!.GetValue<string>(), "the stored node keeps its edge");

        // Every node stored: nothing is written, and the answer is the same as when the spec was created.
        var again = await S.PostAsync("/ms1/specs/new/", appBody);
        Assert.AreEqual(200, again.Code);
        Assert.IsFalse(again.Json["data"]!["created"]!.GetValue<bool>());
        Assert.AreEqual(created.Json["data"]!["spec"]!.ToJsonString(), again.Json["data"]!["spec"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Specs_new_accepts_the_older_v1_layout_and_the_nested_spec()
    {
        var v1 = SharedFixtures.ServerRequestBody("008");
        v1["spack_version"] = "v1-" + NewHash()[..8];
        var reply = await S.PostAsync("/ms1/specs/new/", v1);
        Assert.AreEqual(201, reply.Code, reply.ToString());
        var spec = reply.Json["data"]!["spec"]!;
        Assert.AreEqual("singularity", spec["name"]!.GetValue<string>());
        Assert.AreEqual("3.6.4", spec["version"]!.GetValue<string>());
        Assert.AreEqual("p64nmszwer36ly7pnch5fznni4cnmndg", spec["full_hash"]!.GetValue<string>());
        Assert.HasCount(8, spec["specs"]!.AsObject());
        // v1 dependencies name nodes by DAG hash; the edges resolve to the nodes posted with them.
        var cryptsetupNode = v1["spec"]!.AsArray().Select(n => n!.AsObject().First()).Single(kv => kv.Key == "cryptsetup").Value!;
        Assert.AreEqual(cryptsetupNode["full_hash"]!.GetValue<string>(), spec["specs"]!["cryptsetup"]!.GetValue<string>());

        var nested = new JsonObject { ["spec"] = SpecBody("x", Node("nested", NewHash())), ["spack_version"] = "1.0.0" };
        Assert.AreEqual(201, (await S.PostAsync("/ms1/specs/new/", nested)).Code);
        var bare = new JsonObject { ["spec"] = new JsonArray(Node("bare-list", NewHash())), ["spack_version"] = "1.0.0" };
        Assert.AreEqual(201, (await S.PostAsync("/ms1/specs/new/", bare)).Code, "a plain list of v2 nodes");
    }

    [TestMethod]
    public async Task Builds_new_gets_or_creates_per_spec_environment_and_owner()
    {
        var (root, _) = await PostSpecAsync();
        var first = await S.PostAsync("/ms1/builds/new/", BuildBody(root, tags: "smoke, nightly,,smoke"));
        Assert.AreEqual(201, first.Code, first.ToString());
        Assert.AreEqual("Build get or create was successful.", first.Json["message"]!.GetValue<string>());
        Assert.IsTrue(first.Json["data"]!["build_created"]!.GetValue<bool>());
        Assert.AreEqual(root, first.Json["data"]!["build"]!["spec_full_hash"]!.GetValue<string>());
        var id = first.Json["data"]!["build"]!["build_id"]!.GetValue<long>();

        var again = await S.PostAsync("/ms1/builds/new/", BuildBody(root, tags: "extra").ToJsonString(), "alice", "application/x-www-form-urlencoded");
        Assert.AreEqual(200, again.Code, again.ToString());
        Assert.IsFalse(again.Json["data"]!["build_created"]!.GetValue<bool>());
        Assert.IsFalse(again.Json["data"]!["build_environment_created"]!.GetValue<bool>());
        Assert.AreEqual(id, again.Json["data"]!["build"]!["build_id"]!.GetValue<long>());

        var otherHost = await NewBuildAsync(root, hostname: "host-b");
        var otherOwner = await NewBuildAsync(root, user: "bob");
        Assert.AreEqual(3, new HashSet<long> { id, otherHost, otherOwner }.Count);

        var view = await BuildViewAsync(id);
        Assert.AreEqual("NOTRUN", view["status"]!.GetValue<string>());
        Assert.AreEqual("alice", view["owner"]!.GetValue<string>());
        Assert.AreEqual("""["extra","nightly","smoke"]""", view["tags"]!.ToJsonString());
        Assert.AreEqual("host-a", view["build_environment"]!["hostname"]!.GetValue<string>());
        Assert.AreEqual(root, view["spec"]!["full_hash"]!.GetValue<string>());
        Assert.AreEqual("bob", (await BuildViewAsync(otherOwner))["owner"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Builds_new_answers_like_the_reference_for_unknown_specs_and_missing_fields()
    {
        var unknown = await S.PostAsync("/ms1/builds/new/", BuildBody("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        AssertMessage(unknown, 400);
        Assert.AreEqual("The spec with full hash xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx and spack version 1.0.0 does not exist.", unknown.Json["message"]!.GetValue<string>());
        Assert.AreEqual("""{"build_created":false,"build_environment_created":false}""", unknown.Json["data"]!.ToJsonString());
        Assert.AreEqual(400, unknown.Json["code"]!.GetValue<int>());

        var (root, _) = await PostSpecAsync();
        var wrongVersion = await S.PostAsync("/ms1/builds/new/", BuildBody(root, spackVersion: "0.16.1"));
        AssertMessage(wrongVersion, 400);
        StringAssert.Contains(wrongVersion.Json["message"]!.GetValue<string>(), root);

        var missing = await S.PostAsync("/ms1/builds/new/", new JsonObject { ["full_hash"] = root, ["spack_version"] = "1.0.0" });
        AssertMessage(missing, 400);
        Assert.AreEqual("Missing required build environment data.", missing.Json["message"]!.GetValue<string>());
        Assert.AreEqual("""["host_os","platform","host_target","hostname","kernel_version"]""", missing.Json["missing"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Builds_new_with_an_inline_spec_creates_the_spec()
    {
        var hash = NewHash();
        var body = BuildBody(hash, tags: "inline");
        body["spec"] = SpecBody("1.0.0", Node("inline-app", hash))["spec"]!.DeepClone();
        var reply = await S.PostAsync("/ms1/builds/new/", body);
        Assert.AreEqual(201, reply.Code, reply.ToString());
        Assert.AreEqual("inline-app", reply.Json["data"]!["build"]!["spec_name"]!.GetValue<string>());
        Assert.AreEqual(200, (await S.GetAsync($"/api/specs/{hash}/")).Code);
    }

    [TestMethod]
    public async Task Phases_are_got_or_created_by_name_and_a_repeat_overwrites()
    {
        var build = await NewBuildAsync((await PostSpecAsync()).Root);
        var first = await S.PostAsync("/ms1/builds/phases/update/",
            new JsonObject { ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "SUCCESS", ["output"] = "warning CS0168" });
        Assert.AreEqual(200, first.Code, first.ToString());
        Assert.AreEqual("Phase compile was successfully updated.", first.Json["message"]!.GetValue<string>());
        var phase = first.Json["data"]!["build_phase"]!;
        Assert.AreEqual("compile", phase["name"]!.GetValue<string>());
        Assert.AreEqual("SUCCESS", phase["status"]!.GetValue<string>());

        var second = await S.PostAsync("/ms1/builds/phases/update/",
            new JsonObject { ["build_id"] = build.ToString(), ["phase_name"] = "compile", ["status"] = "ERROR", ["output"] = null });
        Assert.AreEqual(200, second.Code, second.ToString());
        Assert.AreEqual(phase["id"]!.GetValue<long>(), second.Json["data"]!["build_phase"]!["id"]!.GetValue<long>());
        await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "restore", ["status"] = "SUCCESS", ["output"] = "" });

        var phases = (await BuildViewAsync(build))["phases"]!.AsArray();
        Assert.HasCount(2, phases);
        Assert.AreEqual("ERROR", phases[0]!["status"]!.GetValue<string>());
        Assert.IsNull(phases[0]!["output"]);
        Assert.AreEqual("", phases[1]!["output"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Phase_updates_answer_4xx_like_the_reference()
    {
        var build = await NewBuildAsync((await PostSpecAsync()).Root);
        var missingId = await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["status"] = "SUCCESS", ["phase_name"] = "install" });
        AssertMessage(missingId, 400);
        Assert.AreEqual("Missing required build_id.", missingId.Json["message"]!.GetValue<string>());
        var missingName = await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["status"] = "SUCCESS" });
        Assert.AreEqual("phase_name, and status are required.", missingName.Json["message"]!.GetValue<string>());
        AssertMessage(await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "install" }), 400);
        AssertMessage(await S.PostAsync("/ms1/builds/phases/update/",
            new JsonObject { ["build_id"] = build, ["phase_name"] = "install", ["status"] = "WHATEVER" }), 400);
        var unknown = await S.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = 999999, ["phase_name"] = "install", ["status"] = "SUCCESS" });
        AssertMessage(unknown, 404);
        Assert.AreEqual("Not found.", unknown.Json["detail"]!.GetValue<string>());
        var notOwner = await S.PostAsync("/ms1/builds/phases/update/",
            new JsonObject { ["build_id"] = build, ["phase_name"] = "install", ["status"] = "SUCCESS", ["output"] = "" }, "bob");
        AssertMessage(notOwner, 400);
        Assert.AreEqual("You do not own the build and cannot update it.", notOwner.Json["message"]!.GetValue<string>());
        Assert.HasCount(0, (await BuildViewAsync(build))["phases"]!.AsArray());
    }

    [TestMethod]
    public async Task Builds_update_sets_every_status_word_and_refuses_others()
    {
        var (root, _) = await PostSpecAsync();
        var build = await NewBuildAsync(root);
        foreach (var status in new[] { "SUCCESS", "FAILED", "CANCELLED", "NOTRUN" })
        {
            var reply = await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build, ["status"] = status });
            Assert.AreEqual(200, reply.Code, reply.ToString());
            Assert.AreEqual("Status updated", reply.Json["message"]!.GetValue<string>());
            Assert.AreEqual(build, reply.Json["data"]!["build"]!["build_id"]!.GetValue<long>());
            Assert.AreEqual(root, reply.Json["data"]!["build"]!["spec_full_hash"]!.GetValue<string>());
            Assert.AreEqual(status, (await BuildViewAsync(build))["status"]!.GetValue<string>());
        }
        Assert.AreEqual(200, (await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build.ToString(), ["status"] = "SUCCESS" })).Code);

        var invalid = await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build, ["status"] = "DONE" });
        AssertMessage(invalid, 400);
        Assert.AreEqual("Invalid status. Choices are CANCELLED,SUCCESS,NOTRUN,FAILED", invalid.Json["message"]!.GetValue<string>());
        AssertMessage(await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build, ["status"] = "success" }), 400);
        Assert.AreEqual("Missing required build id.",
            (await S.PostAsync("/ms1/builds/update/", new JsonObject { ["status"] = "SUCCESS" })).Json["message"]!.GetValue<string>());
        AssertMessage(await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = 999999, ["status"] = "SUCCESS" }), 404);
        var notOwner = await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = build, ["status"] = "FAILED" }, "bob");
        AssertMessage(notOwner, 400);
        Assert.AreEqual("SUCCESS", (await BuildViewAsync(build))["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task A_failed_build_cancels_the_builds_that_depended_on_it_and_had_not_run()
    {
        var (root, dependency) = await PostSpecAsync();
        var rootBuild = await NewBuildAsync(root);
        var dependencyBuild = await NewBuildAsync(dependency);
        var elsewhere = await NewBuildAsync(root, hostname: "host-elsewhere");
        Assert.AreEqual(200, (await S.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = dependencyBuild, ["status"] = "FAILED" })).Code);
        Assert.AreEqual("CANCELLED", (await BuildViewAsync(rootBuild))["status"]!.GetValue<string>());
        Assert.AreEqual("FAILED", (await BuildViewAsync(dependencyBuild))["status"]!.GetValue<string>());
        Assert.AreEqual("NOTRUN", (await BuildViewAsync(elsewhere))["status"]!.GetValue<string>(), "another build environment is not affected");
    }

    [TestMethod]
    public async Task Analyze_builds_stores_known_and_generic_analyzers_and_the_read_endpoints_show_them()
    {
        var (root, _) = await PostSpecAsync();
        var build = await NewBuildAsync(root);
        var metadata = new JsonObject
        {
            ["environment_variables"] = new JsonObject { ["CC"] = "/usr/bin/gcc", ["OPT"] = 3 },
            ["install_files"] = new JsonObject
            {
                ["/prefix/bin/app"] = new JsonObject { ["mode"] = 33261, ["owner"] = 0, ["group"] = 0, ["type"] = "file", ["hash"] = "ABC" },
            },
            ["config_args"] = "--prefix=/x",
            ["libabigail"] = new JsonArray(
                new JsonObject { ["install_file"] = "bin/app", ["name"] = "bin/app.xml", ["value"] = "<abi-corpus/>" },
                new JsonObject { ["install_file"] = "bin/app", ["name"] = "symbols", ["json_value"] = new JsonObject { ["n"] = 2 } }),
        };
        var reply = await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["build_id"] = build, ["metadata"] = metadata });
        Assert.AreEqual(200, reply.Code, reply.ToString());
        Assert.AreEqual("Metadata updated", reply.Json["message"]!.GetValue<string>());
        Assert.AreEqual(build, reply.Json["data"]!["build"]!["build_id"]!.GetValue<long>());

        var view = await BuildViewAsync(build);
        Assert.AreEqual("--prefix=/x", view["config_args"]!.GetValue<string>());
        Assert.AreEqual("""[{"name":"CC","value":"/usr/bin/gcc"},{"name":"OPT","value":"3"}]""", view["envars"]!.ToJsonString());

        // Overwrites: a second analysis replaces the environment and keeps the rest.
        Assert.AreEqual(200, (await S.PostAsync("/ms1/analyze/builds/", new JsonObject
        {
            ["build_id"] = build,
            ["metadata"] = new JsonObject { ["environment_variables"] = new JsonObject { ["PATH"] = "/bin" }, ["config_args"] = null },
        })).Code);
        view = await BuildViewAsync(build);
        Assert.AreEqual("""[{"name":"PATH","value":"/bin"}]""", view["envars"]!.ToJsonString());
        Assert.IsNull(view["config_args"]);

        var specId = view["spec"]!["id"]!.GetValue<long>();
        var attributes = (await S.GetAsync($"/ms1/specs/{specId}/attributes/")).Json.AsArray();
        Assert.HasCount(2, attributes);
        Assert.AreEqual("bin/app", attributes[0]!["filename"]!.GetValue<string>());
        Assert.AreEqual("libabigail", attributes[0]!["analyzer"]!.GetValue<string>());
        Assert.HasCount(2, (await S.GetAsync($"/ms1/specs/{specId}/attributes/libabigail/")).Json.AsArray());
        Assert.HasCount(0, (await S.GetAsync($"/ms1/specs/{specId}/attributes/other")).Json.AsArray());
        AssertMessage(await S.GetAsync("/ms1/specs/999999/attributes/"), 404);

        var value = await S.GetAsync($"/ms1/attributes/{attributes[0]!["id"]}/download/");
        Assert.AreEqual(200, value.Code);
        Assert.AreEqual("<abi-corpus/>", value.Json.GetValue<string>());
        var json = await S.GetAsync($"/ms1/attributes/{attributes[1]!["id"]}/download/");
        Assert.AreEqual("""{"n":2}""", json.Json.ToJsonString());
        AssertMessage(await S.GetAsync("/ms1/attributes/999999/download/"), 404);
    }

    [TestMethod]
    public async Task Analyze_builds_answers_4xx_for_missing_unknown_foreign_and_malformed_input()
    {
        var build = await NewBuildAsync((await PostSpecAsync()).Root);
        var missing = await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["metadata"] = new JsonObject() });
        AssertMessage(missing, 400);
        Assert.AreEqual("Missing required build_id.", missing.Json["message"]!.GetValue<string>());
        AssertMessage(await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["build_id"] = 999999, ["metadata"] = new JsonObject() }), 404);
        AssertMessage(await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["build_id"] = build, ["metadata"] = new JsonObject() }, "bob"), 400);
        foreach (var bad in new JsonNode[]
                 {
                     new JsonArray(1),
                     new JsonObject { ["environment_variables"] = new JsonArray("A=B") },
                     new JsonObject { ["install_files"] = "bin/app" },
                     new JsonObject { ["install_files"] = new JsonObject { ["bin/app"] = 5 } },
                     new JsonObject { ["libabigail"] = new JsonObject() },
                     new JsonObject { ["libabigail"] = new JsonArray(new JsonObject { ["name"] = "x" }) },
                     new JsonObject { ["libabigail"] = new JsonArray("x") },
                 })
            AssertMessage(await S.PostAsync("/ms1/analyze/builds/", new JsonObject { ["build_id"] = build, ["metadata"] = bad }), 400);
        Assert.AreEqual("[]", (await BuildViewAsync(build))["envars"]!.ToJsonString());
    }

    [TestMethod]
    public async Task Analyze_builds_without_a_build_id_gets_or_creates_the_build_from_its_environment()
    {
        var (root, _) = await PostSpecAsync();
        var body = BuildBody(root, hostname: "analyze-host");
        body["metadata"] = new JsonObject { ["config_args"] = "--enable-x" };
        var reply = await S.PostAsync("/ms1/analyze/builds/", body);
        Assert.AreEqual(200, reply.Code, reply.ToString());
        var build = reply.Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        Assert.AreEqual("--enable-x", (await BuildViewAsync(build))["config_args"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Read_endpoints_list_specs_by_name_and_page_builds_newest_first()
    {
        var (root, _) = await PostSpecAsync();
        var name = "app-" + root[..6];
        var byName = (await S.GetAsync($"/ms1/specs/name/{name}/")).Json.AsArray();
        Assert.HasCount(1, byName);
        Assert.AreEqual(root, byName[0]!["full_hash"]!.GetValue<string>());
        Assert.HasCount(1, byName[0]!["dependencies"]!.AsArray());
        Assert.AreEqual("[]", (await S.GetAsync("/ms1/specs/name/no-such-package")).Json.ToJsonString());

        var older = await NewBuildAsync(root, hostname: "page-1");
        var newer = await NewBuildAsync(root, hostname: "page-2");
        var page = (await S.GetAsync("/api/builds/?page=1&page_size=1")).Json;
        Assert.IsTrue(page["count"]!.GetValue<long>() >= 2);
        Assert.AreEqual(newer, page["results"]![0]!["id"]!.GetValue<long>());
        Assert.IsNull(page["previous"]);
        StringAssert.Contains(page["next"]!.GetValue<string>(), "page=2&page_size=1");
        var second = (await S.GetAsync("/api/builds/?page=2&page_size=1")).Json;
        Assert.AreEqual(older, second["results"]![0]!["id"]!.GetValue<long>());
        Assert.IsNotNull(second["previous"]);
        AssertMessage(await S.GetAsync("/api/builds/?page=0"), 400);
        AssertMessage(await S.GetAsync("/api/builds/?page_size=abc"), 400);
        AssertMessage(await S.GetAsync("/api/builds/999999/"), 404);
        AssertMessage(await S.GetAsync("/api/specs/no-such-hash/"), 404);
    }

    [TestMethod]
    public async Task A_path_without_its_trailing_slash_is_accepted()
    {
        var (root, _) = await PostSpecAsync();
        var reply = await S.PostAsync("/ms1/builds/new", BuildBody(root, hostname: "no-slash"));
        Assert.AreEqual(201, reply.Code, reply.ToString());
        Assert.AreEqual(200, (await S.GetAsync("/api/builds")).Code);
        Assert.AreEqual(403, (await S.GetAsync("/auth/token")).Code);
    }

    [TestMethod]
    public async Task Fifty_identical_concurrent_posts_create_one_spec_and_one_build()
    {
        var hash = NewHash();
        var name = "race-" + hash[..8];
        var spec = SpecBody("1.0.0", Node(name, hash, ("race-dep-" + hash[..8], hash[..^1] + "x")), Node("race-dep-" + hash[..8], hash[..^1] + "x")).ToJsonString();
        await S.JwtAsync("alice");
        var specs = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => S.PostAsync("/ms1/specs/new/", spec)));
        Assert.IsTrue(specs.All(r => r.Code is 200 or 201), string.Join("\n", specs.Where(r => r.Code is not (200 or 201))));
        Assert.AreEqual(1, specs.Count(r => r.Code == 201));
        Assert.HasCount(1, (await S.GetAsync($"/ms1/specs/name/{name}/")).Json.AsArray());

        var build = BuildBody(hash, hostname: "race-host").ToJsonString();
        var builds = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => S.PostAsync("/ms1/builds/new/", build)));
        Assert.IsTrue(builds.All(r => r.Code is 200 or 201), string.Join("\n", builds.Where(r => r.Code is not (200 or 201))));
        Assert.AreEqual(1, builds.Count(r => r.Code == 201));
        Assert.AreEqual(1, builds.Select(r => r.Json["data"]!["build"]!["build_id"]!.GetValue<long>()).Distinct().Count());
        Assert.AreEqual(1, builds.Count(r => r.Json["data"]!["build_environment_created"]!.GetValue<bool>()));
    }

    [TestMethod]
    public async Task A_configured_and_a_moved_prefix_serve_the_API()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, o => { o.Prefix = "custom"; o.MovedPrefix = "ms2"; }, "alice");
        var moved = await server.GetAsync("/custom/");
        Assert.AreEqual(302, moved.Code, moved.ToString());
        Assert.AreEqual("/ms2/", moved.Headers.Location!.OriginalString);
        Assert.AreEqual("running", (await server.GetAsync("/ms2/")).Json["status"]!.GetValue<string>());
        Assert.AreEqual(201, (await server.PostAsync("/ms2/specs/new/", SpecBody("1.0.0", Node("moved", NewHash())))).Code);
        Assert.AreEqual(404, (await server.GetAsync("/ms1/")).Code);
    }

    [TestMethod]
    public async Task With_authentication_disabled_nothing_answers_401_and_builds_belong_to_the_default_user()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, o => o.DisableAuth = true);
        var hash = NewHash();
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("open", hash)), user: null)).Code);
        var build = await server.PostAsync("/ms1/builds/new/", BuildBody(hash), user: null);
        Assert.AreEqual(201, build.Code, build.ToString());
        var id = build.Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        Assert.AreEqual(200, (await server.PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = id, ["status"] = "SUCCESS" }, user: null)).Code);
        Assert.AreEqual("spackmon", (await server.GetAsync($"/api/builds/{id}/")).Json["owner"]!.GetValue<string>());
    }

    private static byte[] FromBase64Url(string text)
    {
        var b64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64 + new string('=', (4 - b64.Length % 4) % 4));
    }

    private static string ToBase64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
