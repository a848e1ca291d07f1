using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

/// <summary>
/// The real <c>spackmon serve</c> process killed (SIGKILL) under a load of writes, restarted on the same database:
/// every write it acknowledged is there.
/// </summary>
[TestClass]
public sealed class DurabilityTests
{
    private const int Writers = 4;
    private const int AcknowledgedPhasesBeforeKill = 80;

    [TestMethod]
    public async Task Sqlite_keeps_every_acknowledged_build_and_phase_through_a_kill_9()
    {
        await using var databases = new SqliteTestDatabases();
        await KillUnderLoadAndCheckAsync(["--db", (await databases.CreateAsync()).SqlitePath!]);
    }

    [TestMethod]
    public async Task Postgres_keeps_every_acknowledged_build_and_phase_through_a_kill_9()
    {
        await using var databases = PostgresTestDatabases.FromEnvironment();
        if (databases is null)
            Assert.Inconclusive(PostgresTestDatabases.SkipMessage);
        await KillUnderLoadAndCheckAsync(["--postgres", (await databases.CreateAsync()).PostgresConnectionString!]);
    }

    private static async Task KillUnderLoadAndCheckAsync(string[] database)
    {
        var builds = new ConcurrentDictionary<long, string>();
        var phases = new ConcurrentDictionary<(long Build, string Name), string>();
        var statuses = new ConcurrentDictionary<long, string>();

        using (var server = await ServeProcess.StartAsync(database))
        {
            using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < 500 && !stop.IsCancellationRequested; i++)
                    {
                        var hash = NewHash();
                        await PostAsync(http, "/ms1/specs/new/", SpecBody("1.0.0", Node($"durable-{w}-{i}", hash)));
                        var id = (await PostAsync(http, "/ms1/builds/new/", BuildBody(hash)))["data"]!["build"]!["build_id"]!.GetValue<long>();
                        builds[id] = hash;
                        foreach (var (name, status) in new[] { ("restore", "SUCCESS"), ("compile", "ERROR"), ("build", "FAILED") })
                        {
                            await PostAsync(http, "/ms1/builds/phases/update/", new JsonObject { ["build_id"] = id, ["phase_name"] = name, ["status"] = status, ["output"] = $"{name} of {id}" });
                            phases[(id, name)] = status;
                        }
                        await PostAsync(http, "/ms1/builds/update/", new JsonObject { ["build_id"] = id, ["status"] = "FAILED" });
                        statuses[id] = "FAILED";
                    }
                }
                catch (HttpRequestException)
                {
                    // The server was killed: what it acknowledged so far is what must survive.
                }
            })).ToList();

            for (var i = 0; i < 6000 && phases.Count < AcknowledgedPhasesBeforeKill && !writers.All(t => t.IsCompleted); i++)
                await Task.Delay(10);
            Assert.IsGreaterThanOrEqualTo(AcknowledgedPhasesBeforeKill, phases.Count, "the load must have been running when the server was killed");
            server.Kill();
            stop.Cancel();
            await Task.WhenAll(writers);
        }

        using var restarted = await ServeProcess.StartAsync(database);
        using var check = new HttpClient { BaseAddress = restarted.Url, Timeout = TimeSpan.FromSeconds(30) };
        var missing = new List<string>();
        foreach (var (id, hash) in builds)
        {
            using var response = await check.GetAsync($"/api/builds/{id}/");
            if (!response.IsSuccessStatusCode)
            {
                missing.Add($"build {id}: {(int)response.StatusCode}");
                continue;
            }
            var view = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            if (view["spec"]!["full_hash"]!.GetValue<string>() != hash)
                missing.Add($"build {id}: spec {view["spec"]}");
            if (statuses.TryGetValue(id, out var status) && view["status"]!.GetValue<string>() != status)
                missing.Add($"build {id}: status {view["status"]}, acknowledged {status}");
            var stored = view["phases"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["status"]!.GetValue<string>());
            foreach (var ((build, name), phaseStatus) in phases.Where(p => p.Key.Build == id))
                if (stored.GetValueOrDefault(name) != phaseStatus)
                    missing.Add($"build {id}: phase {name} is {stored.GetValueOrDefault(name) ?? "missing"}, acknowledged {phaseStatus}");
        }
        Console.WriteLine($"Killed under load after {builds.Count} acknowledged builds, {phases.Count} phases, {statuses.Count} statuses; {missing.Count} lost.");
        Assert.IsEmpty(missing, string.Join("\n", missing));
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonNode body)
    {
        using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>The built <c>spackmon serve</c> as its own process, without authentication, on a free loopback port.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;

        private ServeProcess(Process process, Uri url)
        {
            _process = process;
            Url = url;
        }

        public Uri Url { get; }

        public static async Task<ServeProcess> StartAsync(string[] database)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "spackmon.dll"), "serve", "--urls", "http://127.0.0.1:0", "--disable-auth" }.Concat(database))
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            var url = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            var errors = new ConcurrentQueue<string>();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                    return;
                errors.Enqueue(e.Data);
                if (e.Data.Split(' ').FirstOrDefault(w => w.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) is { } address)
                    url.TrySetResult(new Uri(new Uri(address), "/"));
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var started = await Task.WhenAny(url.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(1)));
            if (started != url.Task)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new AssertFailedException("spackmon serve did not start: " + string.Join("\n", errors));
            }
            return new ServeProcess(process, await url.Task);
        }

        /// <summary>SIGKILL: no shutdown, no flush, no chance to finish a transaction.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
                Kill();
            _process.Dispose();
        }
    }
}
