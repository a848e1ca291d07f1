using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SpackMon.Server;

namespace SpackMon.Bench;

/// <summary>
/// What monitoring costs a build: <c>samples/Sample.sln</c> built with <c>-m</c> against a local server with monitoring
/// on vs. off (clean and incremental), and the package referenced but <c>SpackMonitor</c> unset vs. the package absent.
/// Each variant builds in its own copy of the sample (restored once), so one variant's outputs never make another's
/// build incremental or not; the variants alternate within each round so drift of the machine hits all of them alike.
/// </summary>
public static class ClientOverheadBenchmark
{
    /// <summary>Runs the benchmark and adds its rows to <paramref name="table"/>.</summary>
    public static async Task RunAsync(ResultTable table, string repo, int runs)
    {
        var work = Path.Combine(Path.GetTempPath(), "spackmon-bench-client-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(work, "packages"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDTERMINALLOGGER"] = "off",
        };
        try
        {
            Console.Error.WriteLine("  client overhead: packing SpackMon.Build and restoring three copies of samples/");
            var feed = Path.Combine(work, "feed");
            await RunAsync(repo, environment, "pack", Path.Combine(repo, "src", "SpackMon.Build"), "-c", "Release", "-o", feed, "-nodeReuse:false");

            var options = new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(work, "spackmon.db") };
            await using var server = await MonitorServer.StartAsync(options);
            var monitored = new Dictionary<string, string>(environment)
            {
                ["SPACKMON_USER"] = "bench",
                ["SPACKMON_TOKEN"] = await server.AddUserAsync("bench"),
            };
            var host = server.BaseAddress.ToString().TrimEnd('/');

            var on = new Variant("monitoring on", CopySample(repo, work, "on", feed, withPackage: true), monitored,
                ["-p:SpackMonitor=true", $"-p:SpackMonitorHost={host}"]);
            var off = new Variant("monitoring off", CopySample(repo, work, "off", feed, withPackage: true), environment, []);
            var absent = new Variant("package absent", CopySample(repo, work, "absent", feed, withPackage: false), environment, []);
            Variant[] all = [on, off, absent];
            foreach (var variant in all)
            {
                await RunAsync(variant.Folder, variant.Environment, "restore", "Sample.sln");
                await variant.BuildAsync(clean: true); // warm-up: compiler server, MSBuild nodes, file cache
            }

            var cleanTimes = await Rounds(runs, [on, off], v => v.BuildAsync(clean: true));
            var incrementalTimes = await Rounds(runs, all, v => v.BuildAsync(clean: false));

            var recorded = await RecordedBuildsAsync(server);
            if (recorded < 10)
                throw new InvalidOperationException($"The monitored builds recorded only {recorded} builds: the measurement of 'on' is not of a working monitor.");

            AddRatio(table, "client overhead, clean -m build (10+ projects)", cleanTimes[on], cleanTimes[off], "≤ 1.03", 1.03);
            AddRatio(table, "client overhead, incremental -m build", incrementalTimes[on], incrementalTimes[off], "≤ 1.05", 1.05);
            AddRatio(table, "no-op cost: package referenced, SpackMonitor unset", incrementalTimes[off], incrementalTimes[absent], "≤ 1.01", 1.01);
        }
        finally
        {
            await RunAsync(repo, environment, "build-server", "shutdown");
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // a file still held by an exiting build node; the temp cleaner takes it
            }
        }
    }

    private static void AddRatio(ResultTable table, string what, Measurement ours, Measurement baseline, string target, double bar)
    {
        var ratio = ours.Median / baseline.Median;
        table.Add(what, ResultTable.Format(ours, "s", "0.00"), ResultTable.Format(baseline, "s", "0.00"), $"{ratio:0.000}", target, ratio <= bar);
    }

    /// <summary><paramref name="runs"/> rounds; each round runs every variant once, in an order that rotates.</summary>
    private static async Task<Dictionary<Variant, Measurement>> Rounds(int runs, Variant[] variants, Func<Variant, Task<double>> measure)
    {
        var samples = variants.ToDictionary(v => v, _ => new List<double>());
        for (var round = 0; round < runs; round++)
            for (var k = 0; k < variants.Length; k++)
            {
                var variant = variants[(round + k) % variants.Length];
                samples[variant].Add(await measure(variant));
            }
        return samples.ToDictionary(kv => kv.Key, kv => new Measurement(kv.Value));
    }

    private static async Task<long> RecordedBuildsAsync(MonitorServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var page = await http.GetFromJsonAsync<JsonObject>("/api/builds/?page=1&page_size=1");
        return page?["count"]?.GetValue<long>() ?? 0;
    }

    private sealed record Variant(string Name, string Folder, Dictionary<string, string> Environment, string[] Properties)
    {
        /// <summary>Builds the copy (after removing its outputs when <paramref name="clean"/>) and returns the seconds it took.</summary>
        public async Task<double> BuildAsync(bool clean)
        {
            if (clean)
                foreach (var project in Directory.GetFiles(Folder, "*.csproj", SearchOption.AllDirectories))
                {
                    var directory = Path.GetDirectoryName(project)!;
                    DeleteIfThere(Path.Combine(directory, "bin"));
                    DeleteIfThere(Path.Combine(directory, "obj", "Debug"));
                }
            var clock = Stopwatch.StartNew();
            await RunAsync(Folder, Environment, ["build", "Sample.sln", "-m", "--no-restore", "-v:q", .. Properties]);
            return clock.Elapsed.TotalSeconds;
        }

        private static void DeleteIfThere(string path)
        {
            if (Directory.Exists(path))
                Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>A copy of samples/ with its own feed; without the package reference when <paramref name="withPackage"/> is false.</summary>
    private static string CopySample(string repo, string work, string name, string feed, bool withPackage)
    {
        var source = Path.Combine(repo, "samples");
        var target = Path.Combine(work, name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or ".feed" or ".nuget-packages" or ".spackmon"))
                continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        Directory.CreateDirectory(Path.Combine(target, ".feed"));
        foreach (var package in Directory.GetFiles(feed, "*.nupkg"))
            File.Copy(package, Path.Combine(target, ".feed", Path.GetFileName(package)));
        if (!withPackage)
        {
            var props = Path.Combine(target, "Directory.Build.props");
            var lines = File.ReadAllLines(props).Where(l => !l.Contains("Include=\"SpackMon.Build\"", StringComparison.Ordinal)).ToArray();
            File.WriteAllLines(props, lines);
        }
        return target;
    }

    private static async Task RunAsync(string folder, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} in {folder} exited {process.ExitCode}:\n{Tail(await output)}\n{Tail(await error)}");
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
