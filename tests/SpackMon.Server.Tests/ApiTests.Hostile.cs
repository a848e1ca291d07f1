using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;
using static SpackMon.Server.Tests.Support.SpecBuilder;

namespace SpackMon.Server.Tests;

/// <summary>Hostile input: the checked-in corpus, and a seeded fuzzer over the reference client's recorded requests.</summary>
public abstract partial class ApiTests
{
    private const string Form = "application/x-www-form-urlencoded";

    [TestMethod]
    public async Task Every_request_of_the_hostile_corpus_gets_its_4xx_with_a_json_message_and_changes_nothing()
    {
        var options = await Databases!.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(options, "alice", "bob");
        var root = NewHash();
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("corpus-app", root)))).Code);
        var build = (await server.PostAsync("/ms1/builds/new/", BuildBody(root, tags: "kept"))).Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        Assert.AreEqual(200, (await server.PostAsync("/ms1/builds/phases/update/", new JsonObject { ["build_id"] = build, ["phase_name"] = "compile", ["status"] = "SUCCESS", ["output"] = "ok" })).Code);
        var bobBuild = (await server.PostAsync("/ms1/builds/new/", BuildBody(root, hostname: "bob-host"), "bob")).Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        var authorizations = new Dictionary<string, string?>
        {
            ["alice"] = "Bearer " + await server.JwtAsync("alice"),
            ["none"] = null,
            ["bogus"] = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.AAAA",
            ["raw-token"] = "Bearer " + server.ApiTokens["alice"],
            ["basic"] = ServerUnderTest.Basic("alice", server.ApiTokens["alice"]),
            ["garbage-basic"] = "Basic !!!not-base64",
            ["wrong-basic"] = ServerUnderTest.Basic("alice", "wrong"),
        };
        var before = await DatabaseSnapshot.TakeAsync(options);

        var corpus = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "hostile-requests.json")))!["requests"]!.AsArray();
        var failures = new List<string>();
        foreach (var entry in corpus)
        {
            var name = entry!["case"]!.GetValue<string>();
            var body = entry["body_base64"] is { } b64
                ? Convert.FromBase64String(b64.GetValue<string>())
                : entry["body"] is { } text
                    ? Encoding.UTF8.GetBytes(text.GetValue<string>().Replace("$BOB_BUILD", bobBuild.ToString()).Replace("$BUILD", build.ToString())
                        .Replace("$ROOT", root).Replace("$HUGE", new string('x', 100_000)))
                    : null;
            var reply = await server.SendBytesAsync(new HttpMethod(entry["method"]!.GetValue<string>()), entry["path"]!.GetValue<string>(), body,
                authorizations[entry["auth"]!.GetValue<string>()], Form);
            var expected = entry["expect"]!.GetValue<int>();
            var message = reply.ContentType == "application/json" ? JsonNode.Parse(reply.Text)?["message"]?.GetValue<string>() : null;
            if (reply.Code != expected || message is null || !message.Contains(entry["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase))
                failures.Add($"{name}: expected {expected} with a message containing \"{entry["message"]}\", got {reply}");
        }

        Console.WriteLine($"{corpus.Count} hostile requests: {corpus.Count - failures.Count} answered as expected.");
        Assert.IsEmpty(failures, string.Join("\n", failures));
        Assert.IsGreaterThanOrEqualTo(100, corpus.Count);
        Assert.AreEqual(before, await DatabaseSnapshot.TakeAsync(options), "a refused request changed what is stored");
        Assert.AreEqual(200, (await server.GetAsync("/ms1/")).Code, "the server is still up");
    }

    [TestMethod]
    public async Task Two_thousand_seeded_mutations_of_the_reference_clients_requests_get_no_5xx_and_the_server_stays_healthy()
    {
        const int Iterations = 2000;
        const int Seed = 20261203;
        await using var server = await ServerUnderTest.StartAsync(Databases!, null, "alice", "bob");
        var recorded = RecordedClientRequests();
        var alice = "Bearer " + await server.JwtAsync("alice");
        var bob = "Bearer " + await server.JwtAsync("bob");
        foreach (var request in recorded.Where(r => r.Method == "POST"))
            Assert.IsLessThan(500, (await server.SendBytesAsync(HttpMethod.Post, request.Path, Encoding.UTF8.GetBytes(request.Body!.ToJsonString()), alice, Form)).Code);

        var random = new Random(Seed);
        var codes = new SortedDictionary<int, int>();
        var failures = new List<string>();
        for (var i = 0; i < Iterations; i++)
        {
            var template = recorded[random.Next(recorded.Count)];
            var (path, body) = RequestFuzzer.Mutate(template.Path, template.Body, random);
            var authorization = random.Next(10) switch
            {
                0 => null,
                1 => bob,
                2 => "Bearer " + RequestFuzzer.RandomText(random),
                3 => ServerUnderTest.Basic("alice", server.ApiTokens["alice"]),
                _ => alice,
            };
            var reply = await server.SendBytesAsync(new HttpMethod(template.Method), path, body, authorization, random.Next(4) == 0 ? "application/json" : Form);
            codes[reply.Code] = codes.GetValueOrDefault(reply.Code) + 1;
            var hasMessage = reply.Code < 400 || (reply.ContentType == "application/json" && JsonNode.Parse(reply.Text) is JsonObject o && o["message"] is JsonValue);
            if (reply.Code >= 500 || !hasMessage)
                failures.Add($"#{i} {template.Method} {path} {Preview(body)}: {reply}");
        }

        Console.WriteLine($"{Iterations} mutated requests (seed {Seed}): " + string.Join(", ", codes.Select(c => $"{c.Value}x {c.Key}")) +
            $"; {codes.Where(c => c.Key >= 500).Sum(c => c.Value)} 5xx.");
        Assert.IsEmpty(failures, string.Join("\n", failures.Take(20)));
        Assert.AreEqual(200, (await server.GetAsync("/ms1/")).Code, "service info after the fuzzing");
        Assert.AreEqual(201, (await server.PostAsync("/ms1/specs/new/", SpecBody("1.0.0", Node("after-fuzz", NewHash())))).Code, "a valid write after the fuzzing");
    }

    private static string Preview(byte[]? body) =>
        body is null ? "(no body)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));

    /// <summary>Every request spack's own client sent in the recorded sessions of shared/protocol/fixtures/reference-client.</summary>
    private static List<(string Method, string Path, JsonNode? Body)> RecordedClientRequests()
    {
        var result = new List<(string, string, JsonNode?)>();
        foreach (var session in Directory.GetDirectories(SharedFixtures.Folder("reference-client")).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(session, "*.json").Where(f => char.IsAsciiDigit(Path.GetFileName(f)[0])).Order(StringComparer.Ordinal))
            {
                var request = JsonNode.Parse(File.ReadAllText(file))!["request"]!;
                result.Add((request["method"]!.GetValue<string>(), request["path"]!.GetValue<string>(), request["body_json"]?.DeepClone()));
            }
        }
        Assert.IsGreaterThan(20, result.Count, "the recorded requests of the reference client");
        return result;
    }
}
