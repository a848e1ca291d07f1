using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>The package referenced but SpackMonitor not set: no request, no credentials needed, a normal build.</summary>
[TestClass]
public sealed class MonitoringOffTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => _monitor = await MonitorFixture.StartAsync("off", withProxy: true);

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task WithoutSpackMonitorNothingIsSent()
    {
        var solution = TempSolution.LibraryAndApp("Off");

        var build = await SuiteRun.DotnetAsync(solution.Root, ChildEnvironment.Create(SuiteRun.PackagesFolder),
            ["build", solution.SolutionFile, .. Monitored.CommonOptions, $"-p:SpackMonitorHost={_monitor.Host}"]);

        BuildAssert.Succeeded(build);
        Assert.IsTrue(File.Exists(Path.Combine(solution.ProjectDirectory(solution.App), "bin", "Debug", "net10.0", solution.App + ".dll")), build.Describe());
        Assert.IsEmpty(_monitor.Proxy!.Requests, "A build without SpackMonitor=true must send nothing.");
        Assert.DoesNotContain("SPACKMON", build.Output, "A build without SpackMonitor=true must say nothing about monitoring.");
    }
}
