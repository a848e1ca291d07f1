using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server;

namespace SpackMon.Bench;

/// <summary>
/// Server ingest: N concurrent clients, each with its own user and connection, running whole build lifecycles over
/// HTTP against our real server (specs/new with a 30-node DAG, builds/new, 5 phases of 100 KB realistic log,
/// builds/update), authenticated with a Bearer JWT. The baseline is the reference server's figure on this kind of
/// machine, quoted in issue 5 (Django + gunicorn + SQLite: about 53 requests/s for one sequential client, 3–4 s to
/// store a 30-node spec); the reference itself cannot be installed here, its Python packages are not reachable.
/// </summary>
public static class ServerIngestBenchmark
{
    private const double ReferenceRequestsPerSecond = 53;
    private const double ReferenceSpecMilliseconds = 3500;
    private const int PhasesPerBuild = 5;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>Runs the benchmark on the given database kinds and adds its rows to <paramref name="table"/>.</summary>
    public static async Task RunAsync(ResultTable table, int runs, IReadOnlyList<BenchDatabase> databases, TimeSpan runLength)
    {
        var log = LogAnalysisBenchmark.RealisticLog(100 * 1024);
        foreach (var database in databases)
        {
            foreach (var clients in new[] { 1, 16, 64 })
            {
                var samples = new List<Sample>();
                for (var run = 0; run < runs; run++)
                    samples.Add(await MeasureAsync(database, clients, log, runLength));
                var rate = new Measurement([.. samples.Select(s => s.RequestsPerSecond)]);
                var p50 = new Measurement([.. samples.Select(s => s.P50)]);
                var p99 = new Measurement([.. samples.Select(s => s.P99)]);
                var (target, met) = clients switch
                {
                    1 => ("≥ 1,000 req/s", rate.Median >= 1000),
                    64 when database.Kind == "SQLite" => ("≥ 2,000 req/s, p99 < 50 ms", rate.Median >= 2000 && p99.Median < 50),
                    _ => ("—", (bool?)null),
                };
                table.Add($"server ingest, {database.Kind}, {clients} client{(clients == 1 ? "" : "s")}",
                    $"{ResultTable.Format(rate, "req/s", "0")}; p50 {p50.Median:0.0} ms, p99 {p99.Median:0.0} ms",
                    clients == 1 ? $"{ReferenceRequestsPerSecond:0} req/s (reference, quoted)" : "—",
                    clients == 1 ? $"{rate.Median / ReferenceRequestsPerSecond:0}× faster" : "—", target, met);
                if (clients == 1)
                {
                    var spec = new Measurement([.. samples.Select(s => s.SpecMedian)]);
                    table.Add($"specs/new with a 30-node DAG, {database.Kind}", ResultTable.Format(spec, "ms", "0.00"),
                        $"{ReferenceSpecMilliseconds / 1000:0.0} s (reference, quoted)", $"{ReferenceSpecMilliseconds / spec.Median:0}× faster",
                        "< 20 ms", spec.Median < 20);
                }
            }
        }
    }

    private sealed record Sample(double RequestsPerSecond, double P50, double P99, double SpecMedian);

    private static async Task<Sample> MeasureAsync(BenchDatabase database, int clients, string log, TimeSpan runLength)
    {
        var options = await database.CreateAsync();
        options.Urls = "http://127.0.0.1:0";
        await using var server = await MonitorServer.StartAsync(options);
        var users = new List<(string Name, string Token)>();
        for (var i = 0; i < clients; i++)
            users.Add(($"bench{i}", await server.AddUserAsync($"bench{i}")));

        var workers = users.Select(u => new Client(server.BaseAddress, u.Name, u.Token, log)).ToList();
        try
        {
            foreach (var worker in workers)
                await worker.SignInAsync();
            // Warm-up, for as long as the JIT needs to bring the hot paths to their optimized tier (a server runs for days):
            // connections, caches, and then the code itself.
            using (var warm = new CancellationTokenSource(WarmUp))
                await Task.WhenAll(workers.Select(async w =>
                {
                    do
                        await w.LifecycleAsync(measure: false);
                    while (!warm.IsCancellationRequested);
                }));

            using var stop = new CancellationTokenSource(runLength);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(workers.Select(async w =>
            {
                while (!stop.IsCancellationRequested)
                    await w.LifecycleAsync(measure: true);
            }));
            var seconds = clock.Elapsed.TotalSeconds;

            var latencies = workers.SelectMany(w => w.Latencies).Order().ToArray();
            var specs = workers.SelectMany(w => w.SpecLatencies).Order().ToArray();
            return new Sample(latencies.Length / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), Percentile(specs, 0.50));
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
            await database.DropAsync(options);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>One client: its own user, its own pooled connection, as one monitored build machine.</summary>
    private sealed class Client(Uri server, string user, string apiToken, string log) : IDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 1 }) { BaseAddress = server };
        // The log as a JSON string, escaped and encoded once: the load generator shares the 2 cores with the server it
        // measures, and a real client serializes on its own machine.
        private readonly byte[] _phaseOutputJson = Encoding.UTF8.GetBytes(JsonValue.Create(log).ToJsonString());
        private int _lifecycle;

        public List<double> Latencies { get; } = new();
        public List<double> SpecLatencies { get; } = new();

        public async Task SignInAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/token/");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + apiToken)));
            using var response = await _http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var jwt = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        }

        /// <summary>One build: a new 30-node spec, its build, five phases, the final status.</summary>
        public async Task LifecycleAsync(bool measure)
        {
            var unique = $"{user}-{_lifecycle++}-{Guid.NewGuid():N}";
            var (spec, rootHash) = Spec30(unique);
            var specTime = await PostAsync("/ms1/specs/new/", spec.ToJsonString(), measure);
            if (measure)
                SpecLatencies.Add(specTime);
            var build = new JsonObject
            {
                ["full_hash"] = rootHash, ["spack_version"] = "0.1.0", ["hostname"] = "bench-host", ["kernel_version"] = "6.1.0",
                ["host_os"] = "debian12", ["platform"] = "linux", ["host_target"] = "x86_64", ["tags"] = "bench",
            };
            var (_, answer) = await PostForAnswerAsync("/ms1/builds/new/", build.ToJsonString(), measure);
            var buildId = answer["data"]!["build"]!["build_id"]!.GetValue<long>();
            foreach (var phase in new[] { "restore", "compile", "test", "pack", "build" }.Take(PhasesPerBuild))
                await PostAsync("/ms1/builds/phases/update/", PhaseBody(buildId, phase), measure);
            await PostAsync("/ms1/builds/update/", new JsonObject { ["build_id"] = buildId, ["status"] = "SUCCESS" }.ToJsonString(), measure);
        }

        private byte[] PhaseBody(long buildId, string phase)
        {
            var head = Encoding.UTF8.GetBytes(new JsonObject { ["build_id"] = buildId, ["phase_name"] = phase, ["status"] = "SUCCESS" }.ToJsonString()[..^1] + ",\"output\":");
            return [.. head, .. _phaseOutputJson, (byte)'}'];
        }

        private Task<double> PostAsync(string path, string body, bool measure) => PostAsync(path, Encoding.UTF8.GetBytes(body), measure);

        private async Task<double> PostAsync(string path, byte[] body, bool measure) => (await PostForAnswerAsync(path, body, measure)).Milliseconds;

        private Task<(double Milliseconds, JsonNode Answer)> PostForAnswerAsync(string path, string body, bool measure) =>
            PostForAnswerAsync(path, Encoding.UTF8.GetBytes(body), measure);

        private async Task<(double Milliseconds, JsonNode Answer)> PostForAnswerAsync(string path, byte[] body, bool measure)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var clock = Stopwatch.StartNew();
            using var response = await _http.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            var milliseconds = clock.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            if (measure)
                Latencies.Add(milliseconds);
            return (milliseconds, JsonNode.Parse(text)!);
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>A 30-node v2 spec: a root project, 9 project references and 20 packages, hashes unique to <paramref name="unique"/>.</summary>
    private static (JsonObject Body, string RootHash) Spec30(string unique)
    {
        string Hash(string name) => Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(unique + "/" + name)))[..32];
        JsonObject Node(string name, string ns, IEnumerable<string> dependencies) => new()
        {
            ["name"] = name, ["version"] = "1.0.0", ["namespace"] = ns,
            ["arch"] = new JsonObject { ["platform"] = "any", ["platform_os"] = "portable", ["target"] = "anycpu" },
            ["compiler"] = new JsonObject { ["name"] = "roslyn", ["version"] = "10.0.401" },
            ["parameters"] = new JsonObject { ["Configuration"] = "Release", ["TargetFramework"] = "net10.0" },
            ["dependencies"] = new JsonArray([.. dependencies.Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d, ["full_hash"] = Hash(d), ["type"] = new JsonArray("build", "link"),
            })]),
            ["hash"] = Hash(name), ["full_hash"] = Hash(name), ["build_hash"] = Hash(name), ["package_hash"] = Hash(name + "#p"),
        };
        var packages = Enumerable.Range(0, 20).Select(i => $"Package.{i}").ToList();
        var projects = Enumerable.Range(0, 9).Select(i => $"Project.{i}").ToList();
        var nodes = new List<JsonNode> { Node("App", "dotnet", projects.Concat(packages.Take(3))) };
        nodes.AddRange(projects.Select((p, i) => Node(p, "dotnet", packages.Skip(i * 2).Take(2))));
        nodes.AddRange(packages.Select((p, i) => Node(p, "nuget", i + 1 < packages.Count && i % 3 == 0 ? [packages[i + 1]] : [])));
        var body = new JsonObject
        {
            ["spec"] = new JsonObject { ["_meta"] = new JsonObject { ["version"] = 2 }, ["nodes"] = new JsonArray([.. nodes]) },
            ["spack_version"] = "0.1.0",
        };
        return (body, Hash("App"));
    }
}
