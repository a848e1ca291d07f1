using System.Text.Json.Nodes;
using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// What our client sends, read at a proxy in front of the server, against what spack's own client sent in the
/// recorded scenario 01-install-success-auth: the same sequence of endpoints and bodies of the same shape.
/// </summary>
[TestClass]
public sealed class RequestShapeTests
{
    private const string Scenario = "01-install-success-auth";
    private static MonitorFixture _monitor = null!;
    private static IReadOnlyList<RecordedRequest> _requests = [];
    private static ProcessResult _build = null!;

    [ClassInitialize]
    public static async Task BuildThroughTheProxyAsync(TestContext _)
    {
        _monitor = await MonitorFixture.StartAsync("shapes", withProxy: true);
        var solution = TempSolution.LibraryAndApp("Shapes");
        _build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile, "-p:SpackMonitorTags=\"smoke,golden\""]);
        _requests = _monitor.Proxy!.Requests;
    }

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public void TheBuildSucceeded() => BuildAssert.Succeeded(_build);

    [TestMethod]
    public void ServiceInfoComesFirstThenTheAuthFlow()
    {
        Assert.IsNotEmpty(_requests, _build.Describe());
        Assert.AreEqual("GET /ms1/", $"{_requests[0].Method} {_requests[0].Path}", Sequence());
        Assert.IsTrue(_requests.Any(r => r.Method == "GET" && r.Path.StartsWith("/auth/token/", StringComparison.Ordinal) && r.Status == 200),
            $"The client must answer the 401 challenge at the token endpoint. {Sequence()}");
        Assert.IsFalse(_requests.Any(r => r.Status == 401 && r.Path.StartsWith("/auth/", StringComparison.Ordinal)), Sequence());
    }

    [TestMethod]
    public void SpecBodiesHaveTheReferenceShape()
    {
        var reference = ReferenceShapes.RequestBodies(Scenario, "/specs/new/")[0];
        var ours = Bodies("/specs/new/");
        Assert.IsNotEmpty(ours, Sequence());
        foreach (var body in ours)
            ReferenceShapes.AssertSpecBody(body, reference, "specs/new");
    }

    [TestMethod]
    public void NewBuildBodiesHaveTheReferenceShape()
    {
        var reference = ReferenceShapes.RequestBodies(Scenario, "/builds/new/")[0];
        var ours = Bodies("/builds/new/");
        Assert.IsNotEmpty(ours, Sequence());
        foreach (var body in ours)
        {
            ReferenceShapes.AssertNewBuildBody(body, reference, "builds/new");
            Assert.AreEqual("smoke,golden", body["tags"]?.GetValue<string>());
        }
    }

    [TestMethod]
    public void PhaseAndStatusBodiesHaveTheReferenceShape()
    {
        var phaseReference = ReferenceShapes.RequestBodies(Scenario, "/builds/phases/update/")[0];
        var statusReference = ReferenceShapes.RequestBodies(Scenario, "/builds/update/")[0];
        var phases = Bodies("/builds/phases/update/");
        var statuses = Bodies("/builds/update/");
        Assert.IsNotEmpty(phases, Sequence());
        Assert.HasCount(2, statuses, Sequence());
        foreach (var body in phases)
            ReferenceShapes.AssertUpdateBody(body, phaseReference, "builds/phases/update", localBuildId: false);
        foreach (var body in statuses)
            ReferenceShapes.AssertUpdateBody(body, statusReference, "builds/update", localBuildId: false);
    }

    [TestMethod]
    public void EachBuildsPhasesComeBeforeItsFinalStatus()
    {
        var updates = _requests.Where(r => r.Path.Contains("/builds/")).ToList();
        foreach (var status in updates.Where(r => r.Path.EndsWith("/builds/update/", StringComparison.Ordinal)))
        {
            var id = JsonNode.Parse(status.Body)!["build_id"]!.ToJsonString();
            var statusAt = updates.IndexOf(status);
            var lastPhase = updates.FindLastIndex(r => r.Path.EndsWith("/builds/phases/update/", StringComparison.Ordinal)
                && JsonNode.Parse(r.Body)!["build_id"]!.ToJsonString() == id);
            Assert.IsGreaterThanOrEqualTo(0, lastPhase, $"Build {id} reported no phase. {Sequence()}");
            Assert.IsLessThan(statusAt, lastPhase, $"A phase of build {id} came after its final status. {Sequence()}");
        }
    }

    private static List<JsonObject> Bodies(string endpoint) =>
        _requests.Where(r => r.Method == "POST" && r.Path.EndsWith(endpoint, StringComparison.Ordinal) && r.Status is 200 or 201)
            .Select(r => JsonNode.Parse(r.Body)!.AsObject())
            .ToList();

    private static string Sequence() =>
        "Requests: " + string.Join(", ", _requests.Select(r => $"{r.Method} {r.Path} {r.Status}")) + "\n" + _build.Describe();
}
