using System.Text.Json.Nodes;
using SpackMon.Build.Tests.Support;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Tests;

/// <summary>The client against the real server in-process (and a stub for answers the server never gives).</summary>
[TestClass]
public sealed class MonitorClientTests
{
    private static ServerFixture s_server = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s_server = await ServerFixture.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s_server.DisposeAsync();

    [TestMethod]
    public async Task Service_info_answers_running()
    {
        using var client = Client(s_server.Host);
        var info = await client.GetServiceInfoAsync();
        Assert.AreEqual("spackmon", info.Id);
        Assert.AreEqual("running", info.Status);
        Assert.AreEqual(s_server.Host + "/ms1", client.BaseUrl);
    }

    [TestMethod]
    public async Task Whole_flow_401_token_bearer_then_spec_build_phase_status()
    {
        using var client = Client(s_server.Host, new MonitorCredentials(s_server.User, s_server.Token));
        var nodes = Spec("flow-app");
        var spec = await client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" });
        Assert.AreEqual(nodes[0].FullHash, spec.Spec.FullHash);

        var build = await client.NewBuildAsync(Metadata(nodes[0].FullHash, "x,y"));
        Assert.IsTrue(build.BuildCreated);
        var again = await client.NewBuildAsync(Metadata(nodes[0].FullHash, "x,y"));
        Assert.AreEqual(build.Build!.BuildId, again.Build!.BuildId, "get-or-create");

        await client.UpdatePhaseAsync(new PhaseUpdateRequest { BuildId = JsonValue.Create(build.Build.BuildId), PhaseName = "compile", Status = "ERROR", Output = "bad" });
        await client.UpdateBuildAsync(new BuildUpdateRequest { BuildId = JsonValue.Create(build.Build.BuildId), Status = "FAILED" });

        var stored = await s_server.GetAsync($"/api/builds/{build.Build.BuildId}/");
        Assert.AreEqual("FAILED", (string?)stored["status"]);
        Assert.AreEqual("tester", (string?)stored["owner"]);
        Assert.AreEqual("ERROR", (string?)stored["phases"]![0]!["status"]);
        Assert.AreEqual("bad", (string?)stored["phases"]![0]!["output"]);
    }

    [TestMethod]
    public async Task Wrong_token_is_refused_with_a_message_naming_the_user_and_what_to_check()
    {
        using var client = Client(s_server.Host, new MonitorCredentials(s_server.User, "wrong-token-value"));
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(Spec("x")), SpackVersion = "t" }));
        Assert.AreEqual(403, e.StatusCode);
        StringAssert.Contains(e.Message, "/auth/token/");
        StringAssert.Contains(e.Message, "'tester'");
        StringAssert.Contains(e.Message, "SPACKMON_TOKEN");
        Assert.IsFalse(e.Message.Contains("wrong-token-value"), "the token is never in a message");
    }

    [TestMethod]
    public async Task Without_credentials_a_protected_call_says_what_to_export()
    {
        using var client = Client(s_server.Host);
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(Spec("x")), SpackVersion = "t" }));
        StringAssert.Contains(e.Message, "SPACKMON_USER and SPACKMON_TOKEN");
    }

    [TestMethod]
    public async Task A_bad_request_gives_the_servers_message()
    {
        using var client = Client(s_server.Host, new MonitorCredentials(s_server.User, s_server.Token));
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.NewBuildAsync(Metadata("nosuchhashnosuchhashnosuchhash00", null)));
        Assert.IsTrue(e.StatusCode is 400 or 404, e.Message);
        StringAssert.Contains(e.Message, "/ms1/builds/new/");
        StringAssert.Contains(e.Message, "nosuchhashnosuchhashnosuchhash00");
    }

    [TestMethod]
    public async Task An_expired_jwt_is_renewed_once()
    {
        await using var server = await ServerFixture.StartAsync(o => o.TokenLifetimeSeconds = 1);
        using var client = Client(server.Host, new MonitorCredentials(server.User, server.Token));
        var nodes = Spec("renew");
        await client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" });
        await Task.Delay(TimeSpan.FromSeconds(2.2)); // the JWT's lifetime has to pass; there is no event to wait for
        var build = await client.NewBuildAsync(Metadata(nodes[0].FullHash, null));
        Assert.IsTrue(build.Build!.BuildId > 0);
    }

    [TestMethod]
    public async Task A_302_from_service_info_moves_the_prefix_for_every_later_call()
    {
        await using var server = await ServerFixture.StartAsync(o => o.MovedPrefix = "ms2");
        using var client = Client(server.Host, new MonitorCredentials(server.User, server.Token));
        await client.GetServiceInfoAsync();
        Assert.AreEqual(server.Host + "/ms2", client.BaseUrl);
        var nodes = Spec("moved");
        var data = await client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" });
        Assert.AreEqual(nodes[0].FullHash, data.Spec.FullHash);
    }

    [TestMethod]
    public async Task With_auth_disabled_no_credentials_are_needed()
    {
        await using var server = await ServerFixture.StartAsync(o => o.DisableAuth = true);
        using var client = new MonitorClient(new MonitorClientOptions { Host = server.Host, DisableAuth = true });
        var nodes = Spec("noauth");
        await client.NewSpecAsync(new NewSpecRequest { Spec = SpecLayout.WriteV2(nodes), SpackVersion = "t" });
        var build = await client.NewBuildAsync(Metadata(nodes[0].FullHash, null));
        Assert.IsTrue(build.Build!.BuildId > 0);
    }

    [TestMethod]
    public async Task Wrong_prefix_is_a_clear_404()
    {
        using var client = new MonitorClient(new MonitorClientOptions { Host = s_server.Host, Prefix = "nope" });
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.GetServiceInfoAsync());
        Assert.AreEqual(404, e.StatusCode);
        StringAssert.StartsWith(e.Message, s_server.Host + "/nope/: 404");
    }

    [TestMethod]
    public async Task Nothing_listening_is_connection_refused_naming_the_url()
    {
        var host = "http://127.0.0.1:" + ServerFixture.FreePort();
        using var client = Client(host);
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.GetServiceInfoAsync());
        Assert.AreEqual($"{host}/ms1/: Connection refused", e.Message);
    }

    [TestMethod]
    public async Task A_503_stops_with_service_not_available()
    {
        using var stub = new StubServer(_ => (503, "", null));
        using var client = Client(stub.Host);
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.GetServiceInfoAsync());
        Assert.AreEqual(503, e.StatusCode);
        StringAssert.Contains(e.Message, "not available");
    }

    [TestMethod]
    public async Task A_301_is_followed_once_without_moving_the_prefix()
    {
        using var stub = new StubServer(r => r.Url!.AbsolutePath == "/ms1/"
            ? (301, "", new() { ["Location"] = "/elsewhere/" })
            : (200, """{"id":"spackmon","status":"running","name":"Spack Monitor (Spackmon)","version":"1"}""", null));
        using var client = Client(stub.Host);
        Assert.AreEqual("running", (await client.GetServiceInfoAsync()).Status);
        Assert.AreEqual(stub.Host + "/ms1", client.BaseUrl);
        CollectionAssert.AreEqual(new[] { "GET /ms1/", "GET /elsewhere/" }, stub.Requests);
    }

    [TestMethod]
    public async Task A_redirect_without_location_is_an_error()
    {
        using var stub = new StubServer(_ => (302, "", null));
        using var client = Client(stub.Host);
        StringAssert.Contains((await Assert.ThrowsExactlyAsync<MonitorException>(() => client.GetServiceInfoAsync())).Message, "without a Location");
    }

    [TestMethod]
    public async Task A_server_that_never_answers_hits_the_time_limit()
    {
        using var stub = new StubServer(_ => null);
        using var client = new MonitorClient(new MonitorClientOptions { Host = stub.Host, Timeout = TimeSpan.FromSeconds(1) });
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.GetServiceInfoAsync());
        StringAssert.Contains(e.Message, "no answer within 1 s");
    }

    [TestMethod]
    public async Task Cancellation_ends_a_call_at_once()
    {
        using var stub = new StubServer(_ => null);
        using var client = Client(stub.Host);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<OperationCanceledException>(() => client.GetServiceInfoAsync(cancel.Token));
    }

    [TestMethod]
    public async Task Transient_answers_are_tried_again_and_a_lasting_outage_gives_up_after_three_tries()
    {
        var answers = new Queue<int>([502, 503, 200, 429, 200, 504, 503, 503]);
        using var stub = new StubServer(_ =>
        {
            lock (answers)
            {
                var status = answers.Dequeue();
                var headers = status == 429 ? new Dictionary<string, string> { ["Retry-After"] = "0" } : null;
                return (status, status == 200 ? "{\"message\":\"ok\",\"code\":200}" : "{\"message\":\"busy\"}", headers);
            }
        });
        using var client = new MonitorClient(new MonitorClientOptions { Host = stub.Host, DisableAuth = true, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var phase = new PhaseUpdateRequest { BuildId = JsonValue.Create(1), PhaseName = "compile", Status = "SUCCESS" };

        await client.UpdatePhaseAsync(phase);
        Assert.HasCount(3, stub.Requests, "502, 503, then 200");
        await client.UpdatePhaseAsync(phase);
        Assert.HasCount(5, stub.Requests, "429 with Retry-After, then 200");
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.UpdatePhaseAsync(phase));
        Assert.HasCount(8, stub.Requests, "504, 503, 503: three tries and no more");
        Assert.AreEqual(503, e.StatusCode);
        StringAssert.Contains(e.Message, "tried 3 times");
    }

    [TestMethod]
    public async Task A_429_asking_for_a_long_wait_and_a_400_are_not_tried_again()
    {
        using var stub = new StubServer(r => r.Url!.AbsolutePath.Contains("phases")
            ? (429, "{\"message\":\"slow down\"}", new Dictionary<string, string> { ["Retry-After"] = "3600" })
            : (400, "{\"message\":\"bad\"}", null));
        using var client = new MonitorClient(new MonitorClientOptions { Host = stub.Host, DisableAuth = true });
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() =>
            client.UpdatePhaseAsync(new PhaseUpdateRequest { BuildId = JsonValue.Create(1), PhaseName = "compile", Status = "SUCCESS" }));
        Assert.AreEqual(429, e.StatusCode);
        StringAssert.Contains(e.Message, "slow down");
        await Assert.ThrowsExactlyAsync<MonitorException>(() => client.UpdateBuildAsync(new BuildUpdateRequest { BuildId = JsonValue.Create(1), Status = "SUCCESS" }));
        Assert.HasCount(2, stub.Requests);
    }

    [TestMethod]
    public async Task A_refused_connection_after_the_service_check_is_tried_three_times_and_named()
    {
        var port = ServerFixture.FreePort();
        using var client = new MonitorClient(new MonitorClientOptions { Host = $"http://127.0.0.1:{port}", DisableAuth = true, RetryDelay = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsExactlyAsync<MonitorException>(() => client.UpdateBuildAsync(new BuildUpdateRequest { BuildId = JsonValue.Create(1), Status = "SUCCESS" }));
        StringAssert.Contains(e.Message, "Connection refused (tried 3 times)");
        Assert.IsNull(e.StatusCode);
    }

    [TestMethod]
    public async Task Cancellation_ends_the_wait_between_tries_at_once()
    {
        using var stub = new StubServer(_ => (503, "{}", null));
        using var client = new MonitorClient(new MonitorClientOptions { Host = stub.Host, DisableAuth = true, RetryDelay = TimeSpan.FromMinutes(10) });
        using var cancel = new CancellationTokenSource();
        var call = client.UpdateBuildAsync(new BuildUpdateRequest { BuildId = JsonValue.Create(1), Status = "SUCCESS" }, cancel.Token);
        for (var i = 0; i < 500 && stub.Requests.Count == 0; i++)
            await Task.Delay(10);
        cancel.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => call);
        Assert.HasCount(1, stub.Requests);
    }

    internal static MonitorClient Client(string host, MonitorCredentials? credentials = null) =>
        new(new MonitorClientOptions { Host = host, Credentials = credentials });

    internal static List<SpecNode> Spec(string name)
    {
        var dep = SpecHash.Assign(new SpecNode { Name = name + "-dep", Version = "1.0", Namespace = "nuget", Parameters = new JsonObject() });
        var root = new SpecNode
        {
            Name = name,
            Version = "2.0",
            Namespace = "dotnet",
            Parameters = new JsonObject { ["Configuration"] = "Debug" },
            Compiler = new SpecCompiler { Name = "roslyn", Version = "10.0.401" },
            Arch = new SpecArch { Platform = "any", PlatformOs = "portable", Target = JsonValue.Create("anycpu") },
            Dependencies = { new SpecDependency { Name = dep.Name, FullHash = dep.FullHash, Type = new() { "build", "link" } } },
        };
        return new List<SpecNode> { SpecHash.Assign(root), dep };
    }

    internal static NewBuildRequest Metadata(string fullHash, string? tags) => new()
    {
        Hostname = "testhost",
        KernelVersion = "#1 SMP",
        HostOs = "debian12",
        Platform = "linux",
        HostTarget = "x86_64",
        FullHash = fullHash,
        SpackVersion = "t",
        Tags = tags,
    };
}
