using System.Net;
using System.Net.Sockets;
using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// The two checks that come before anything is built: credentials, then the service. Either failing stops the build
/// with the seed's message and no project compiles.
/// </summary>
[TestClass]
public sealed class EarlyStopTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => _monitor = await MonitorFixture.StartAsync("early-stop");

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task MissingCredentialsStopTheBuildBeforeAnythingCompiles()
    {
        var solution = TempSolution.LibraryAndApp("NoCredentials");

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile], exportCredentials: false);

        BuildAssert.Failed(build);
        BuildAssert.OutputContains(build, "You are required to export SPACKMON_TOKEN and SPACKMON_USER");
        BuildAssert.NothingCompiled(solution.ProjectDirectory(solution.Lib), build);
        BuildAssert.NothingCompiled(solution.ProjectDirectory(solution.App), build);
        Assert.IsEmpty(await _monitor.Api.BuildsOfAsync(solution.Prefix), "Nothing may reach the server without credentials.");
    }

    [TestMethod]
    [DataRow(false, DisplayName = "without KeepGoing")]
    [DataRow(true, DisplayName = "with KeepGoing")]
    public async Task AnAbsentServerStopsTheBuildNamingTheUrlAndTheCause(bool keepGoing)
    {
        var solution = TempSolution.LibraryAndApp(keepGoing ? "AbsentKeepGoing" : "Absent");
        var host = $"http://127.0.0.1:{ClosedPort()}";

        var build = await Monitored.RunAsync(solution.Root,
            ["build", solution.SolutionFile, $"-p:SpackMonitorKeepGoing={keepGoing}"], host, _monitor.Credentials);

        BuildAssert.Failed(build);
        BuildAssert.OutputContains(build, host);
        BuildAssert.OutputContains(build, "Connection refused");
        BuildAssert.NothingCompiled(solution.ProjectDirectory(solution.Lib), build);
        BuildAssert.NothingCompiled(solution.ProjectDirectory(solution.App), build);
    }

    /// <summary>A loopback port nobody listens on: bound once by the OS's choice, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A server with authentication off and builds that export no credentials.</summary>
[TestClass]
public sealed class DisableAuthTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) =>
        _monitor = await MonitorFixture.StartAsync("no-auth", options => options.DisableAuth = true);

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task ABuildWithoutCredentialsIsRecordedWhenAuthIsDisabled()
    {
        var solution = TempSolution.LibraryAndApp("NoAuth");

        var build = await _monitor.MonitoredAsync(solution.Root,
            ["build", solution.SolutionFile, "-p:SpackMonitorDisableAuth=true"], exportCredentials: false);

        BuildAssert.Succeeded(build);
        var builds = await _monitor.Api.BuildsOfAsync(solution.Prefix);
        Assert.HasCount(2, builds, $"{string.Join("; ", builds)}\n{build.Describe()}");
        Assert.IsTrue(builds.All(b => b.Status == "SUCCESS"), string.Join("; ", builds));
    }
}
