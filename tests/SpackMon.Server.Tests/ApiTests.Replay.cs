using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SpackMon.Server.Tests.Support;

namespace SpackMon.Server.Tests;

/// <summary>The recorded exchanges of shared/protocol/fixtures replayed against our server.</summary>
public abstract partial class ApiTests
{
    /// <summary>
    /// Where we answer differently from the reference server, each documented in the fixtures' README:
    /// its 500s for bad input become 400, the older spec layout is accepted, a missing slash is accepted,
    /// analyze/builds needs a token, phase statuses are checked, and a build belongs to its owner.
    /// </summary>
    private static readonly Dictionary<string, (int Code, string Why)> ReferenceDeviations = new()
    {
        ["008"] = (201, "the older v1 spec layout is accepted"),
        ["020"] = (201, "a build created with an inline spec is answered as created (the reference's double get_build says 200)"),
        ["022"] = (401, "analyze/builds requires authentication when it is on"),
        ["024"] = (400, "malformed JSON is a 400, not a 500"),
        ["025"] = (400, "malformed JSON is a 400, not a 500"),
        ["026"] = (400, "an empty body is a 400, not a 500"),
        ["028"] = (400, "a missing spec is a 400, not a 500"),
        ["029"] = (400, "a spec without nodes is a 400, not a 500"),
        ["041"] = (400, "phase statuses are checked"),
        ["054"] = (201, "a build is unique per spec, environment and owner: another owner gets its own build"),
        ["057"] = (200, "a POST without the trailing slash is accepted instead of redirected"),
    };

    [TestMethod]
    public async Task Reference_server_exchanges_replay_with_the_same_codes_and_shapes()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, null, "anchor", "other");
        var files = File.ReadAllLines(SharedFixtures.Folder("reference-server", "index.txt"))
            .Where(l => l.Length > 4 && char.IsAsciiDigit(l[0]))
            .Select(l => SharedFixtures.ServerFile(l[..3])).ToList();
        Assert.HasCount(60, files);
        var exchanges = files.Select(f => SharedFixtures.Load("reference-server", f)).ToList();

        // The reference's credentials, learned from its successful token exchanges, stand for ours.
        var referenceTokens = new Dictionary<string, string>();
        var referenceJwtUsers = new Dictionary<string, string>();
        foreach (var exchange in exchanges.Where(e => e["request"]!["path"]!.GetValue<string>().StartsWith("/auth/token/") && Status(e) == 200))
        {
            var (user, token) = DecodeBasic(Header(exchange["request"]!, "Authorization")!)!.Value;
            referenceTokens[token] = user;
            referenceJwtUsers[exchange["response"]!["body_json"]!["token"]!.GetValue<string>()] = user;
        }

        var buildIds = new Dictionary<long, long>();
        var failures = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            var number = files[i][..3];
            var request = exchanges[i]["request"]!;
            var authorization = await TranslateAsync(server, Header(request, "Authorization"), referenceTokens, referenceJwtUsers);
            var body = request["body_json"] is JsonObject json ? MapBuildId(json, buildIds).ToJsonString() : request["body_text"]?.GetValue<string>();
            var reply = await server.SendAsync(new HttpMethod(request["method"]!.GetValue<string>()), request["path"]!.GetValue<string>(), body,
                authorization, Header(request, "Content-Type") ?? "application/json");

            var reference = exchanges[i]["response"]!;
            var expected = ReferenceDeviations.TryGetValue(number, out var deviation) ? deviation.Code : Status(exchanges[i]);
            if (reply.Code != expected)
            {
                failures.Add($"{files[i]}: expected {expected}, got {reply}");
                continue;
            }
            var ours = JsonNode.Parse(reply.Text);
            if (reply.Code >= 400)
                Assert.IsFalse(string.IsNullOrEmpty(ours?["message"]?.GetValue<string>()), $"{files[i]}: {reply}");
            if (reference["body_json"] is { } referenceBody && deviation == default)
                CompareShapes(referenceBody, ours, files[i], "", failures);
            if (reference["body_json"] is JsonObject { } referenceObject && referenceObject["data"]?["build"]?["build_id"] is { } referenceId
                && ours is JsonObject && ours["data"]?["build"]?["build_id"] is { } ourId)
                buildIds[referenceId.GetValue<long>()] = ourId.GetValue<long>();
        }
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }

    [TestMethod]
    public async Task Reference_client_request_sequences_replay_and_succeed()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, null, "spacktester");
        foreach (var scenario in new[] { "01-install-success-auth", "03-install-root-fails", "11-monitor-upload", "12-analyze-run" })
        {
            var buildIds = new Dictionary<long, long>();
            string? jwt = null;
            var files = Directory.GetFiles(SharedFixtures.Folder("reference-client", scenario), "0*.json").Order(StringComparer.Ordinal).ToList();
            Assert.IsNotEmpty(files);
            foreach (var file in files)
            {
                var exchange = SharedFixtures.Load("reference-client", scenario, Path.GetFileName(file));
                var request = exchange["request"]!;
                var path = request["path"]!.GetValue<string>();
                // The token step is the auth flow with our user; the recorded "Bearer abc" becomes the JWT it gave.
                var authorization = Header(request, "Authorization") switch
                {
                    null => null,
                    var h when h.StartsWith("Basic ") => ServerUnderTest.Basic("spacktester", server.ApiTokens["spacktester"]),
                    _ => "Bearer " + (jwt ?? throw new AssertFailedException($"{file}: a Bearer request before the token step")),
                };
                var body = request["body_json"] is JsonObject json ? MapBuildId(json, buildIds).ToJsonString() : null;
                var reply = await server.SendAsync(new HttpMethod(request["method"]!.GetValue<string>()), path, body, authorization,
                    Header(request, "Content-Type") ?? "application/json");
                var recorded = Status(exchange);
                if (recorded == 401)
                {
                    Assert.AreEqual(401, reply.Code, $"{file}: {reply}");
                    Assert.IsTrue(reply.Headers.Contains("WWW-Authenticate"));
                    continue;
                }
                Assert.IsTrue(reply.Code is 200 or 201, $"{file}: {reply}");
                if (path.StartsWith("/auth/token/"))
                    jwt = reply.Json["token"]!.GetValue<string>();
                if (exchange["response"]!["body_json"]?["data"]?["build"]?["build_id"] is { } recordedId && path.Contains("builds/new"))
                    buildIds[recordedId.GetValue<long>()] = reply.Json["data"]!["build"]!["build_id"]!.GetValue<long>();
            }
        }

        // The phases and statuses of scenario 03 landed: the failing root's build phase is ERROR and it FAILED.
        var builds = (await server.GetAsync("/api/builds/?page_size=100")).Json["results"]!.AsArray();
        var failing = builds.Single(b => b!["spec"]!["name"]!.GetValue<string>() == "tiny-fail")!;
        Assert.AreEqual("FAILED", failing["status"]!.GetValue<string>());
        Assert.AreEqual("ERROR", failing["phases"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "build")!["status"]!.GetValue<string>());
        var analyzed = builds.Single(b => b!["spec"]!["name"]!.GetValue<string>() == "tiny-root")!;
        Assert.AreEqual("SUCCESS", analyzed["status"]!.GetValue<string>());
        Assert.IsNotEmpty(analyzed["envars"]!.AsArray());
        StringAssert.Contains(analyzed["tags"]!.ToJsonString(), "smoke");
    }

    [TestMethod]
    public async Task A_save_local_folder_of_the_reference_client_uploads_in_order()
    {
        await using var server = await ServerUnderTest.StartAsync(Databases!, null, "alice");
        var folder = SharedFixtures.Folder("reference-client", "09-save-local-files");
        var names = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var localIds = new Dictionary<string, long>();
        async Task<Reply> Post(string endpoint, string file, Func<JsonObject, JsonObject>? edit = null)
        {
            var body = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, file)))!;
            var reply = await server.PostAsync($"/ms1/{endpoint}/", (edit ?? (b => b))(body), "alice");
            Assert.IsTrue(reply.Code is 200 or 201, $"{file}: {reply}");
            return reply;
        }
        JsonObject WithServerId(JsonObject body)
        {
            body["build_id"] = localIds[body["build_id"]!.GetValue<string>()];
            return body;
        }

        foreach (var file in names.Where(n => n!.StartsWith("spec-")))
            await Post("specs/new", file!);
        foreach (var file in names.Where(n => n!.StartsWith("build-metadata-")))
            localIds[file!["build-metadata-".Length..^".json".Length]] = (await Post("builds/new", file!)).Json["data"]!["build"]!["build_id"]!.GetValue<long>();
        foreach (var file in names.Where(n => n!.Contains("-phase-")))
            await Post("builds/phases/update", file!, WithServerId);
        foreach (var file in names.Where(n => n!.EndsWith("-status.json")))
            await Post("builds/update", file!, WithServerId);

        Assert.HasCount(2, localIds);
        var root = (await server.GetAsync($"/api/builds/{localIds["8db5f6438142465937b44dc6c2832230"]}/")).Json;
        Assert.AreEqual("SUCCESS", root["status"]!.GetValue<string>());
        Assert.HasCount(3, root["phases"]!.AsArray());
    }

    private static int Status(JsonNode exchange) => exchange["response"]!["status"]!.GetValue<int>();

    private static string? Header(JsonNode request, string name) => request["headers"]!.AsArray()
        .Where(h => string.Equals(h![0]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))
        .Select(h => h![1]!.GetValue<string>()).FirstOrDefault();

    private static (string User, string Token)? DecodeBasic(string header)
    {
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        var colon = text.IndexOf(':');
        return (text[..colon], text[(colon + 1)..]);
    }

    /// <summary>The reference's own credentials become ours for the same user; anything else is sent as recorded.</summary>
    private static async Task<string?> TranslateAsync(ServerUnderTest server, string? header,
        Dictionary<string, string> referenceTokens, Dictionary<string, string> referenceJwtUsers)
    {
        if (header is null)
            return null;
        if (header.StartsWith("Basic ") && DecodeBasic(header) is var (user, token) && referenceTokens.TryGetValue(token, out var owner))
            return ServerUnderTest.Basic(user, server.ApiTokens[owner]);
        if (header.StartsWith("Bearer ") && header["Bearer ".Length..] is var bearer)
        {
            if (referenceJwtUsers.TryGetValue(bearer, out var jwtUser))
                return "Bearer " + await server.JwtAsync(jwtUser);
            if (referenceTokens.TryGetValue(bearer, out var tokenUser))
                return "Bearer " + server.ApiTokens[tokenUser];
        }
        return header;
    }

    private static JsonObject MapBuildId(JsonObject body, Dictionary<long, long> buildIds)
    {
        var copy = (JsonObject)body.DeepClone();
        var recorded = copy["build_id"] switch
        {
            JsonValue v when v.TryGetValue(out long n) => n,
            JsonValue v when v.TryGetValue(out string? s) && long.TryParse(s, out var n) => n,
            _ => (long?)null,
        };
        if (recorded is { } id && buildIds.TryGetValue(id, out var ours))
            copy["build_id"] = copy["build_id"]!.GetValueKind() == System.Text.Json.JsonValueKind.String ? ours.ToString() : ours;
        return copy;
    }

    /// <summary>Every key the reference answered is in our answer too, recursively (we may add "message" and the like).</summary>
    private static void CompareShapes(JsonNode reference, JsonNode? ours, string file, string path, List<string> failures)
    {
        switch (reference)
        {
            case JsonObject referenceObject when ours is JsonObject ourObject:
                foreach (var (key, value) in referenceObject)
                {
                    if (!ourObject.ContainsKey(key))
                        failures.Add($"{file}: {path}/{key} is missing in {ourObject.ToJsonString()[..Math.Min(300, ourObject.ToJsonString().Length)]}");
                    else if (value is JsonObject or JsonArray)
                        CompareShapes(value, ourObject[key], file, $"{path}/{key}", failures);
                }
                break;
            case JsonObject:
                failures.Add($"{file}: {path} should be an object");
                break;
            case JsonArray referenceArray when ours is JsonArray ourArray:
                if (referenceArray.Count > 0 && ourArray.Count > 0 && referenceArray[0] is JsonObject first)
                    CompareShapes(first, ourArray[0], file, path + "[0]", failures);
                break;
            case JsonArray:
                failures.Add($"{file}: {path} should be a list");
                break;
        }
    }
}
