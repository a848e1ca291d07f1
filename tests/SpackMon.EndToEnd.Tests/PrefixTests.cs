using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>Servers whose API is not at the default <c>/ms1/</c>.</summary>
[TestClass]
public sealed class PrefixTests
{
    private static MonitorFixture _custom = null!;
    private static MonitorFixture _moved = null!;

    [ClassInitialize]
    public static async Task StartServersAsync(TestContext _)
    {
        _custom = await MonitorFixture.StartAsync("custom-prefix", options => options.Prefix = "custom");
        _moved = await MonitorFixture.StartAsync("moved-prefix", options => options.MovedPrefix = "ms2");
    }

    [ClassCleanup]
    public static async Task StopServersAsync()
    {
        await _custom.DisposeAsync();
        await _moved.DisposeAsync();
    }

    [TestMethod]
    public async Task ACustomPrefixIsUsedForEveryRequest()
    {
        var solution = TempSolution.LibraryAndApp("Custom");

        var build = await _custom.MonitoredAsync(solution.Root, ["build", solution.SolutionFile, "-p:SpackMonitorPrefix=custom"]);

        BuildAssert.Succeeded(build);
        await AssertRecordedAsync(_custom, solution, build);
    }

    [TestMethod]
    public async Task AMovedPrefixIsFollowed()
    {
        var solution = TempSolution.LibraryAndApp("Moved");

        var build = await _moved.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Succeeded(build);
        await AssertRecordedAsync(_moved, solution, build);
    }

    private static async Task AssertRecordedAsync(MonitorFixture monitor, TempSolution solution, ProcessResult build)
    {
        var builds = await monitor.Api.BuildsOfAsync(solution.Prefix);
        Assert.HasCount(2, builds, $"{string.Join("; ", builds)}\n{build.Describe()}");
        foreach (var recorded in builds)
        {
            Assert.AreEqual("SUCCESS", recorded.Status, recorded.ToString());
            Assert.AreEqual("SUCCESS", recorded.Phase("build")?.Status, recorded.ToString());
        }
    }
}
