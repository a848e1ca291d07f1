using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// A copy of samples/ (10 projects, a DAG several levels deep, package references) built as the demo and the
/// benchmarks build it: in parallel with <c>-m</c>.
/// </summary>
[TestClass]
public sealed class SampleSolutionTests
{
    private const int Nodes = 2;
    private static readonly string[] Projects =
    [
        "Sample.Primitives", "Sample.Abstractions", "Sample.Catalog", "Sample.Pricing", "Sample.Inventory",
        "Sample.Orders", "Sample.Serialization", "Sample.Reports", "Sample.App", "Sample.Tests",
    ];

    private static MonitorFixture _monitor = null!;
    private static string _copy = "";

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _)
    {
        _monitor = await MonitorFixture.StartAsync("sample", withProxy: true);
        _copy = SuiteRun.NewFolder("samples");
        CopySamples(Path.Combine(SuiteRun.RepositoryRoot, "samples"), _copy);
        File.WriteAllText(Path.Combine(_copy, "NuGet.config"), TempSolution.NuGetConfig(SuiteRun.Feed));
    }

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task AParallelBuildRecordsEveryProjectAndChecksTheServiceOncePerNode()
    {
        _monitor.Proxy!.Reset();

        var build = await _monitor.MonitoredAsync(_copy, ["build", "Sample.sln", $"-m:{Nodes}", $"-p:SpackMonBuildVersion={SuiteRun.PackageVersion}"]);

        BuildAssert.Succeeded(build);
        var builds = await _monitor.Api.BuildsAsync();
        foreach (var project in Projects)
        {
            var recorded = builds.Where(b => b.Spec.Name == project).ToList();
            Assert.HasCount(1, recorded, $"{project}: {string.Join("; ", builds)}\n{build.Describe()}");
            Assert.AreEqual("SUCCESS", recorded[0].Status, recorded[0].ToString());
            foreach (var phase in new[] { "restore", "compile", "build" })
                Assert.AreEqual("SUCCESS", recorded[0].Phase(phase)?.Status, $"phase {phase} of {recorded[0]}");
        }

        var requests = _monitor.Proxy.Requests;
        var serviceChecks = requests.Count(r => r.Method == "GET" && r.Path == "/ms1/");
        var tokenRequests = requests.Count(r => r.Path.StartsWith("/auth/token/", StringComparison.Ordinal));
        var summary = $"{serviceChecks} service checks and {tokenRequests} token requests for {Projects.Length} projects on {Nodes} nodes";
        Console.WriteLine(summary);
        Assert.IsInRange(1, Nodes, serviceChecks, summary);
        Assert.IsInRange(1, Nodes, tokenRequests, summary);
    }

    [TestMethod]
    public async Task DotnetTestOfTheSampleRecordsATestPhase()
    {
        var test = await _monitor.MonitoredAsync(_copy, ["test", Path.Combine("tests", "Sample.Tests", "Sample.Tests.csproj"), $"-p:SpackMonBuildVersion={SuiteRun.PackageVersion}"]);

        BuildAssert.Succeeded(test);
        var recorded = (await _monitor.Api.BuildsAsync()).Where(b => b.Spec.Name == "Sample.Tests").ToList();
        Assert.HasCount(1, recorded, test.Describe());
        Assert.AreEqual("SUCCESS", recorded[0].Phase("test")?.Status, $"{recorded[0]}\n{test.Describe()}");
    }

    internal static void CopySamples(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (name is "bin" or "obj" || name.StartsWith('.'))
                continue;
            Directory.CreateDirectory(Path.Combine(to, name));
            CopySamples(folder, Path.Combine(to, name));
        }
    }
}
