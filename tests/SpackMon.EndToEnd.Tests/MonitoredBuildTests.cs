using System.Text;
using System.Text.RegularExpressions;
using SpackMon.EndToEnd.Tests.Infrastructure;

namespace SpackMon.EndToEnd.Tests;

/// <summary>Monitored builds of small temp solutions against one server with authentication on.</summary>
[TestClass]
public sealed class MonitoredBuildTests
{
    private static MonitorFixture _monitor = null!;

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => _monitor = await MonitorFixture.StartAsync("monitored");

    [ClassCleanup]
    public static async Task StopServerAsync() => await _monitor.DisposeAsync();

    [TestMethod]
    public async Task EveryProjectIsRecordedWithItsPhasesSpecAndDependencies()
    {
        var solution = TempSolution.LibraryAndApp("Success");

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Succeeded(build);
        var lib = await _monitor.Api.SingleBuildAsync(solution.Lib);
        var app = await _monitor.Api.SingleBuildAsync(solution.App);
        foreach (var recorded in new[] { lib, app })
        {
            Assert.AreEqual("SUCCESS", recorded.Status, $"{recorded}\n{build.Describe()}");
            Assert.AreEqual(_monitor.Credentials.User, recorded.Owner);
            foreach (var phase in new[] { "restore", "compile", "build" })
                Assert.AreEqual("SUCCESS", recorded.Phase(phase)?.Status, $"phase {phase} of {recorded}");
        }

        var spec = await _monitor.Api.SpecAsync(app.Spec.FullHash);
        Assert.AreEqual(solution.App, spec.Name);
        Assert.AreEqual(TempSolution.AppVersion, spec.Version);
        var parameters = spec.Parameters?.Select(p => p.Value?.ToString()).ToList() ?? [];
        Assert.Contains("Debug", parameters, "The configuration is a parameter of the spec.");
        Assert.Contains("net10.0", parameters, "The target framework is a parameter of the spec.");
        Assert.IsFalse(string.IsNullOrEmpty(spec.Compiler?["name"]?.ToString()), $"The spec names its compiler: {spec.Compiler}");
        var deps = string.Join(", ", spec.Dependencies.Select(d => $"{d.Name} {d.FullHash} [{string.Join(',', d.Type)}]"));
        var libEdge = spec.Dependencies.SingleOrDefault(d => d.Name == solution.Lib);
        Assert.IsNotNull(libEdge, $"No project reference to {solution.Lib} among: {deps}");
        Assert.AreEqual(lib.Spec.FullHash, libEdge.FullHash, "The project reference must point at the spec the library's own build recorded.");
        var newtonsoftEdge = spec.Dependencies.SingleOrDefault(d => d.Name.Equals("Newtonsoft.Json", StringComparison.OrdinalIgnoreCase));
        Assert.IsNotNull(newtonsoftEdge, $"No package reference to Newtonsoft.Json among: {deps}");
        Assert.IsNotEmpty(newtonsoftEdge.Type, "A dependency edge has types.");
        var newtonsoft = await _monitor.Api.SpecAsync(newtonsoftEdge.FullHash);
        Assert.AreEqual(TempSolution.NewtonsoftVersion, newtonsoft.Version);
    }

    [TestMethod]
    public async Task TagsAreOnEveryBuild()
    {
        var solution = TempSolution.LibraryAndApp("Tagged");
        // MSBuild splits -p: on commas unless the value is quoted: a shell user types -p:SpackMonitorTags=\"ci,nightly\".

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile, "-p:SpackMonitorTags=\"ci,nightly\""]);

        BuildAssert.Succeeded(build);
        var builds = await _monitor.Api.BuildsOfAsync(solution.Prefix);
        Assert.HasCount(2, builds, string.Join("; ", builds));
        foreach (var recorded in builds)
            CollectionAssert.AreEquivalent(new[] { "ci", "nightly" }, recorded.Tags.ToArray(), recorded.ToString());
    }

    [TestMethod]
    public async Task ACompileErrorFailsTheLibraryAndCancelsItsDependent()
    {
        var solution = TempSolution.LibraryAndApp("Broken");
        solution.BreakLibrary();

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Failed(build);
        BuildAssert.OutputContains(build, "error CS0029");
        var lib = await _monitor.Api.SingleBuildAsync(solution.Lib);
        var app = await _monitor.Api.SingleBuildAsync(solution.App);
        Assert.AreEqual("FAILED", lib.Status, $"{lib}\n{build.Describe()}");
        var compile = lib.Phase("compile");
        Assert.IsNotNull(compile, $"No compile phase: {lib}");
        Assert.AreEqual("ERROR", compile.Status, lib.ToString());
        Assert.Contains("CS0029", compile.Output ?? "");
        Assert.IsTrue(Regex.IsMatch(compile.Output ?? "", @"Broken\.cs\D{0,10}5\b"),
            $"The compile phase's output must name the file and line (Broken.cs, line 5): {compile.Output}");
        Assert.AreEqual("CANCELLED", app.Status, $"{app}\n{build.Describe()}");
    }

    [TestMethod]
    public async Task AnUnchangedRebuildKeepsTheSpecAndAChangedSourceMakesANewOne()
    {
        var solution = TempSolution.LibraryAndApp("Rebuilt");
        BuildAssert.Succeeded(await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]));
        var first = await _monitor.Api.SingleBuildAsync(solution.Lib);
        var firstApp = await _monitor.Api.SingleBuildAsync(solution.App);

        var unchanged = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Succeeded(unchanged);
        var again = await _monitor.Api.SingleBuildAsync(solution.Lib);
        Assert.AreEqual(first.Spec.FullHash, again.Spec.FullHash, "An unchanged rebuild must keep the spec's full hash.");
        Assert.AreEqual("SUCCESS", again.Status, again.ToString());
        Assert.AreNotEqual(first.ModifyDate?.ToJsonString(), again.ModifyDate?.ToJsonString(), "The second build must be recorded too.");

        solution.Write($"{solution.Lib}/Greeter.cs", $$"""
            namespace {{solution.Lib}};

            public static class Greeter
            {
                public static string Greet(string name) => $"Good morning, {name}!";
            }
            """);
        var changed = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile]);

        BuildAssert.Succeeded(changed);
        var builds = await _monitor.Api.BuildsOfAsync(solution.Prefix);
        var libBuilds = builds.Where(b => b.Spec.Name == solution.Lib).ToList();
        Assert.HasCount(2, libBuilds, $"A changed source must make a new spec and build: {string.Join("; ", builds)}");
        var changedLib = libBuilds.Single(b => b.Spec.FullHash != first.Spec.FullHash);
        Assert.AreEqual("SUCCESS", changedLib.Status, changedLib.ToString());
        Assert.IsTrue(builds.Any(b => b.Spec.Name == solution.App && b.Spec.FullHash != firstApp.Spec.FullHash),
            $"The application depends on the changed library, so its full hash must change too: {string.Join("; ", builds)}");
    }

    [TestMethod]
    public async Task AnMsbuildStyleInvocationIsMonitored()
    {
        var solution = TempSolution.LibraryAndApp("Msbuild");

        var build = await _monitor.MonitoredAsync(solution.Root, ["msbuild", solution.SolutionFile, "-restore", "-t:Build", "-p:Configuration=Release"]);

        BuildAssert.Succeeded(build);
        var builds = await _monitor.Api.BuildsOfAsync(solution.Prefix);
        Assert.HasCount(2, builds, $"{string.Join("; ", builds)}\n{build.Describe()}");
        foreach (var recorded in builds)
        {
            Assert.AreEqual("SUCCESS", recorded.Status, recorded.ToString());
            Assert.AreEqual("SUCCESS", recorded.Phase("compile")?.Status, recorded.ToString());
        }
    }

    [TestMethod]
    public async Task DotnetTestAddsATestPhase()
    {
        var solution = TempSolution.LibraryAndApp("Tested").AddTestProject();

        var test = await _monitor.MonitoredAsync(solution.Root, ["test", solution.ProjectFile(solution.Tests)]);

        BuildAssert.Succeeded(test);
        var recorded = await _monitor.Api.SingleBuildAsync(solution.Tests);
        Assert.AreEqual("SUCCESS", recorded.Phase("test")?.Status, $"{recorded}\n{test.Describe()}");
        Assert.AreEqual("SUCCESS", recorded.Status, recorded.ToString());
    }

    [TestMethod]
    public async Task DotnetPackAddsAPackPhase()
    {
        var solution = TempSolution.LibraryAndApp("Packed");

        var pack = await _monitor.MonitoredAsync(solution.Root, ["pack", solution.ProjectFile(solution.Lib), "-o", Path.Combine(solution.Root, "out")]);

        BuildAssert.Succeeded(pack);
        var recorded = await _monitor.Api.SingleBuildAsync(solution.Lib);
        Assert.AreEqual("SUCCESS", recorded.Phase("pack")?.Status, $"{recorded}\n{pack.Describe()}");
        Assert.AreEqual("SUCCESS", recorded.Status, recorded.ToString());
    }

    [TestMethod]
    public async Task DotnetPublishAddsAPublishPhase()
    {
        var solution = TempSolution.LibraryAndApp("Published");

        var publish = await _monitor.MonitoredAsync(solution.Root, ["publish", solution.ProjectFile(solution.App), "-o", Path.Combine(solution.Root, "out")]);

        BuildAssert.Succeeded(publish);
        var recorded = await _monitor.Api.SingleBuildAsync(solution.App);
        Assert.AreEqual("SUCCESS", recorded.Phase("publish")?.Status, $"{recorded}\n{publish.Describe()}");
        Assert.AreEqual("SUCCESS", recorded.Status, recorded.ToString());
    }

    [TestMethod]
    public async Task TheTokenAppearsNeitherInTheConsoleNorInTheBinaryLog()
    {
        var solution = TempSolution.LibraryAndApp("Secret");
        var binlog = Path.Combine(solution.Root, "build.binlog");

        var build = await _monitor.MonitoredAsync(solution.Root, ["build", solution.SolutionFile, "-v:diag", $"-bl:{binlog}"]);

        BuildAssert.Succeeded(build);
        Assert.HasCount(2, await _monitor.Api.BuildsOfAsync(solution.Prefix), "The build must have been monitored.");
        var replayLog = Path.Combine(solution.Root, "replay.log");
        var replay = await SuiteRun.DotnetAsync(solution.Root, ChildEnvironment.Create(),
            "msbuild", binlog, "-noconlog", $"-flp:v=diag;logfile={replayLog}");
        BuildAssert.Succeeded(replay);
        var replayed = await File.ReadAllTextAsync(replayLog);
        Assert.Contains("SpackMonitorHost", replayed, "The replayed log must be the monitored build's diagnostic log.");

        var token = _monitor.Credentials.Token;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_monitor.Credentials.User}:{token}"));
        foreach (var secret in new[] { token, basic })
        {
            Assert.DoesNotContain(secret, build.Output, "The token leaked into the console output.");
            Assert.DoesNotContain(secret, replayed, "The token leaked into the binary log.");
        }
    }
}
