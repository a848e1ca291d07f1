using System.IO.Compression;
using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// The package's <c>.targets</c> imported directly, without a PackageReference (a build tree that vendors the
/// extracted package): the targets bring in their props and the tasks beside them, and the build is monitored.
/// </summary>
[TestClass]
public sealed class ImportedTargetsTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => _monitor = await MonitorFixture.StartAsync("imported");

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task ABuildThatImportsTheTargetsIsMonitored()
    {
        var solution = TempSolution.LibraryAndApp("Imported");
        var vendored = Path.Combine(solution.Root, "vendor", "SpackMon.Build");
        ZipFile.ExtractToDirectory(Path.Combine(SuiteRun.Feed, $"SpackMon.Build.{SuiteRun.PackageVersion}.nupkg"), vendored);
        // No PackageReference to SpackMon.Build anywhere; the targets come from the vendored folder.
        solution.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        solution.Write("Directory.Build.targets", """
            <Project>
              <Import Project="$(MSBuildThisFileDirectory)vendor/SpackMon.Build/build/SpackMon.Build.targets" />
            </Project>
            """);

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Succeeded(build);
        foreach (var name in new[] { solution.Lib, solution.App })
        {
            var recorded = await _monitor.Api.SingleBuildAsync(name);
            Assert.AreEqual("SUCCESS", recorded.Status, $"{recorded}\n{build.Describe()}");
            foreach (var phase in new[] { "restore", "compile", "build" })
                Assert.AreEqual("SUCCESS", recorded.Phase(phase)?.Status, $"phase {phase} of {recorded}");
        }
    }
}
