using System.Net;
using System.Net.Sockets;
using SpackMon.EndToEnd.Tests.Infrastructure;
using SpackMon.Server;

namespace SpackMon.EndToEnd.Tests;

/// <summary>
/// The monitor goes away in the middle of a parallel build of the sample solution and comes back on the same database
/// and port a few seconds later. Under KeepGoing the build's result is unchanged, and once the saved folder is
/// uploaded, the server holds exactly what a build without the outage records.
/// </summary>
[TestClass]
public sealed class ChaosTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [TestMethod]
    public async Task AServerOutageMidBuildLosesNothingOnceTheSavedFolderIsUploaded()
    {
        var copy = SuiteRun.NewFolder("chaos-samples");
        SampleSolutionTests.CopySamples(Path.Combine(SuiteRun.RepositoryRoot, "samples"), copy);
        File.WriteAllText(Path.Combine(copy, "NuGet.config"), TempSolution.NuGetConfig(SuiteRun.Feed));
        var reports = Path.Combine(copy, "reports");
        string[] arguments = ["build", "Sample.sln", "-m:2", $"-p:SpackMonBuildVersion={SuiteRun.PackageVersion}",
                              "-p:SpackMonitorKeepGoing=true", $"-p:SpackMonitorSaveLocalDir={reports}"];

        // The server on a fixed loopback port, so that it can come back where the build's nodes look for it.
        var options = new ServerOptions
        {
            Urls = $"http://127.0.0.1:{FreePort()}",
            SqlitePath = Path.Combine(SuiteRun.NewFolder("server-chaos"), "spackmon.db"),
        };
        var server = await MonitorServer.StartAsync(options);
        var credentials = new MonitorCredentials("e2e-chaos", await server.AddUserAsync("e2e-chaos"));
        var host = server.BaseAddress.ToString().TrimEnd('/');
        using var api = new MonitorApi(server.BaseAddress);

        var build = Monitored.RunAsync(copy, arguments, host, credentials);
        var stopped = false;
        for (var i = 0; i < 6000 && !build.IsCompleted && !stopped; i++)
        {
            await Task.Delay(50);
            stopped = (await api.BuildsAsync()).Count > 0;
        }
        if (stopped)
        {
            await server.DisposeAsync();
            // Down for at least the outage and until the build has met it (its first undelivered request marks the
            // saved folder): a fixed outage alone could fall inside a long compile that sends nothing.
            await Task.Delay(Outage);
            for (var i = 0; i < 6000 && !build.IsCompleted && !BuildMetTheOutage(reports); i++)
                await Task.Delay(50);
            server = await StartAgainAsync(options);
        }
        var result = await build;

        await using (server)
        {
            Assert.IsTrue(stopped, "the build must have begun recording before it ended. " + result.Describe());
            BuildAssert.Succeeded(result);
            var warnings = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("warning SPACKMON", StringComparison.Ordinal)).Distinct().ToList();
            Assert.HasCount(1, warnings, "one warning for the whole build: " + string.Join("\n", warnings) + "\n" + result.Describe());
            StringAssert.Contains(warnings[0], "SPACKMON004");
            Assert.IsFalse(result.Output.Contains("error SPACKMON", StringComparison.Ordinal), result.Describe());
            var saved = Directory.GetDirectories(reports);
            Assert.HasCount(1, saved, result.Describe());
            StringAssert.Contains(warnings[0], $"spackmon upload {saved[0]}");
            var savedFiles = Directory.GetFiles(saved[0], "*.json");
            Assert.IsNotEmpty(savedFiles.Where(f => Path.GetFileName(f).StartsWith("build-metadata-", StringComparison.Ordinal)).ToList(), "the outage must have kept builds from the server");

            foreach (var file in savedFiles)
                Assert.DoesNotContain(credentials.Token, File.ReadAllText(file), $"the token leaked into {file}");

            var upload = await ChildProcess.RunAsync("dotnet", [SuiteRun.SpackmonCli, "upload", saved[0], "--host", host],
                copy, ChildEnvironment.Create(credentials: credentials));
            BuildAssert.Succeeded(upload);

            // The same build once more, against a fresh server that stays up: what a build without the outage records.
            await using var reference = await MonitorFixture.StartAsync("chaos-reference");
            var referenceBuild = await reference.MonitoredAsync(copy, arguments);
            BuildAssert.Succeeded(referenceBuild);
            Assert.IsFalse(referenceBuild.Output.Contains("warning SPACKMON", StringComparison.Ordinal), referenceBuild.Describe());

            var expected = Events(await reference.Api.BuildsAsync());
            var actual = Events(await new MonitorApi(server.BaseAddress).BuildsAsync());
            var lost = Minus(expected, actual);
            var extra = Minus(actual, expected);
            Console.WriteLine($"Chaos: server down {Outage.TotalSeconds:0} s mid-build; {savedFiles.Length} files saved and uploaded; " +
                              $"{expected.Count} events expected (specs, builds, phases, statuses), {lost.Count} lost, {extra.Count} extra.");
            Assert.IsGreaterThanOrEqualTo(10 * 5, expected.Count, "ten projects, each with a build, three phases and a status");
            Assert.IsEmpty(lost, "lost: " + string.Join("\n", lost));
            Assert.IsEmpty(extra, "extra: " + string.Join("\n", extra));
        }
    }

    // What a build records, without ids, owners and times: its spec, its status and every phase with its status.
    private static List<string> Events(IReadOnlyList<BuildView> builds) => builds
        .SelectMany(b => new[] { $"build {b.Spec.Name} {b.Spec.FullHash} {b.Spec.Version}", $"status {b.Spec.Name} {b.Spec.FullHash} {b.Status}" }
            .Concat(b.Phases.Select(p => $"phase {b.Spec.Name} {b.Spec.FullHash} {p.Name} {p.Status}")))
        .Order(StringComparer.Ordinal)
        .ToList();

    // Every event of a that b does not have as many times.
    private static List<string> Minus(List<string> a, List<string> b)
    {
        var left = b.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<string>();
        foreach (var e in a)
        {
            if (left.GetValueOrDefault(e) > 0)
                left[e]--;
            else
                result.Add(e);
        }
        return result;
    }

    // The tasks' UndeliveredMarker.FileName, written into the saved folder by the first request that could not be delivered.
    private static bool BuildMetTheOutage(string reports) =>
        Directory.Exists(reports) && Directory.EnumerateFiles(reports, "undelivered.txt", SearchOption.AllDirectories).Any();

    // The port may linger for a moment after the stop.
    private static async Task<MonitorServer> StartAgainAsync(ServerOptions options)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await MonitorServer.StartAsync(options);
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
