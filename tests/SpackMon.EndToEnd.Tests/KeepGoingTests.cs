using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// A monitor outage after the service check: the proxy in front of the server drops every phase and status update,
/// as a server that went away mid-build would.
/// </summary>
[TestClass]
public sealed class KeepGoingTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => _monitor = await MonitorFixture.StartAsync("keep-going", withProxy: true);

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestInitialize]
    public void DropUpdates()
    {
        _monitor.Proxy!.Reset();
        _monitor.Proxy.Refuse = request => request.Path.Contains("/builds/phases/update/") || request.Path.Contains("/builds/update/");
    }

    [TestMethod]
    public async Task WithKeepGoingALaterFailedRequestIsAWarningAndNothingIsLost()
    {
        var solution = TempSolution.LibraryAndApp("KeepGoing");
        var reports = Path.Combine(solution.Root, "reports");

        var build = await _monitor.MonitoredAsync(solution.Root,
            ["build", solution.SolutionFile, "-p:SpackMonitorKeepGoing=true", $"-p:SpackMonitorSaveLocalDir={reports}"]);

        BuildAssert.Succeeded(build);
        BuildAssert.OutputContains(build, "warning SPACKMON");
        AssertUpdatesWereRefused(build);
        Assert.IsTrue(File.Exists(Path.Combine(solution.ProjectDirectory(solution.App), "bin", "Debug", "net10.0", solution.App + ".dll")),
            $"The application must still be built. {build.Describe()}");

        // What the outage kept from the server was saved locally; once the server is back, an upload completes the record.
        var saved = Directory.Exists(reports) ? Directory.GetDirectories(reports) : [];
        Assert.HasCount(1, saved, $"Expected the unsent requests in one folder under {reports}. {build.Describe()}");
        var upload = await ChildProcess.RunAsync("dotnet",
            [SuiteRun.SpackmonCli, "upload", saved[0], "--host", _monitor.Server.BaseAddress.ToString().TrimEnd('/')],
            solution.Root, ChildEnvironment.Create(credentials: _monitor.Credentials));
        BuildAssert.Succeeded(upload);
        var builds = await _monitor.Api.BuildsOfAsync(solution.Prefix);
        Assert.HasCount(2, builds, $"{string.Join("; ", builds)}\n{upload.Describe()}");
        foreach (var recorded in builds)
        {
            Assert.AreEqual("SUCCESS", recorded.Status, $"{recorded}\n{upload.Describe()}");
            foreach (var phase in new[] { "restore", "compile", "build" })
                Assert.AreEqual("SUCCESS", recorded.Phase(phase)?.Status, $"phase {phase} of {recorded}");
        }
    }

    [TestMethod]
    public async Task WithoutKeepGoingALaterFailedRequestFailsTheBuild()
    {
        var solution = TempSolution.LibraryAndApp("StopOnFailure");

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Failed(build);
        BuildAssert.OutputContains(build, "error SPACKMON");
        AssertUpdatesWereRefused(build);
    }

    private static void AssertUpdatesWereRefused(ProcessResult build)
    {
        var requests = _monitor.Proxy!.Requests;
        Assert.IsTrue(requests.Any(r => r.Path.Contains("/builds/new/") && r.Status is 200 or 201),
            $"The build must have been created before the outage: {string.Join(", ", requests.Select(r => $"{r.Method} {r.Path} {r.Status}"))}\n{build.Describe()}");
        Assert.IsTrue(requests.Any(r => r.Status == 0), "The proxy must have dropped an update.");
    }
}
