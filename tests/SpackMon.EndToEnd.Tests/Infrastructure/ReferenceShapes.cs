using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The request bodies spack's own client sent (../shared/protocol/fixtures/reference-client), and assertions that a
/// body of ours has the same shape: the same keys, values of the same kinds.
/// </summary>
public static class ReferenceShapes
{
    /// <summary>The recorded fixtures: ../shared/protocol/fixtures beside the repository.</summary>
    public static string FixturesDirectory { get; } =
        Path.GetFullPath(Path.Combine(SuiteRun.RepositoryRoot, "..", "shared", "protocol", "fixtures"));

    /// <summary>The request bodies of scenario <paramref name="scenario"/> sent to paths ending in <paramref name="endpoint"/>.</summary>
    public static IReadOnlyList<JsonObject> RequestBodies(string scenario, string endpoint)
    {
        var folder = Path.Combine(FixturesDirectory, "reference-client", scenario);
        Assert.IsTrue(Directory.Exists(folder), $"The reference client's recordings are missing: {folder}");
        return Directory.GetFiles(folder, "*.json").Order()
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!["request"]!)
            .Where(request => request["path"]!.GetValue<string>().EndsWith(endpoint, StringComparison.Ordinal))
            .Select(request => request["body_json"]!.AsObject())
            .ToList();
    }

    /// <summary>A <c>specs/new/</c> body: <c>{spec: {_meta: {version: 2}, nodes: [...]}, spack_version}</c> with nodes like spack's.</summary>
    public static void AssertSpecBody(JsonObject ours, JsonObject reference, string what)
    {
        AssertSameKeys(ours, reference, what);
        Assert.AreEqual(JsonValueKind.String, ours["spack_version"]?.GetValueKind(), $"{what}: spack_version is a string");
        var spec = ours["spec"]!.AsObject();
        var referenceSpec = reference["spec"]!.AsObject();
        AssertSameKeys(spec, referenceSpec, $"{what}.spec");
        Assert.AreEqual(2, spec["_meta"]?["version"]?.GetValue<int>(), $"{what}: the v2 nodes layout");

        var referenceNodes = referenceSpec["nodes"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var allowed = referenceNodes.SelectMany(Keys).ToHashSet();
        var required = referenceNodes.Select(Keys).Aggregate((a, b) => a.Intersect(b).ToHashSet());
        var referenceEdge = referenceNodes.SelectMany(n => n["dependencies"]?.AsArray() ?? []).First()!.AsObject();
        var nodes = spec["nodes"]!.AsArray();
        Assert.IsNotEmpty(nodes, $"{what}: no nodes");
        // Every difference of every node at once: one run shows the client's author all that is off.
        var problems = new List<string>();
        foreach (var node in nodes.Select(n => n!.AsObject()))
        {
            var name = node["name"]?.ToString();
            var keys = Keys(node);
            if (required.Except(keys).Any())
                problems.Add($"node {name} lacks {string.Join(", ", required.Except(keys))}");
            if (keys.Except(allowed).Any())
                problems.Add($"node {name} has keys spack's nodes do not: {string.Join(", ", keys.Except(allowed))}");
            foreach (var text in new[] { "name", "version", "hash", "full_hash", "build_hash", "package_hash", "namespace" })
                if (node[text]?.GetValueKind() != JsonValueKind.String)
                    problems.Add($"node {name}.{text} is {Describe(node[text])}, spack sends a string");
            foreach (var part in new[] { "compiler", "arch" })
            {
                if (node[part] is JsonObject value)
                {
                    if (!Keys(value).SetEquals(Keys(referenceNodes[0][part]!.AsObject())))
                        problems.Add($"node {name}.{part} has keys {string.Join(", ", Keys(value).Order())}, spack's: {string.Join(", ", Keys(referenceNodes[0][part]!.AsObject()).Order())}");
                }
                else
                    problems.Add($"node {name}.{part} is {Describe(node[part])}, spack sends an object");
            }
            if (node["parameters"]?.GetValueKind() != JsonValueKind.Object)
                problems.Add($"node {name}.parameters is {Describe(node["parameters"])}, spack sends an object");
            foreach (var edge in node["dependencies"]?.AsArray() ?? [])
            {
                if (!Keys(edge!.AsObject()).SetEquals(Keys(referenceEdge)))
                    problems.Add($"a dependency of {name} has keys {string.Join(", ", Keys(edge.AsObject()).Order())}, spack's: {string.Join(", ", Keys(referenceEdge).Order())}");
                if (edge["type"] is not JsonArray { Count: > 0 })
                    problems.Add($"a dependency of {name} has no types");
            }
        }
        Assert.IsEmpty(problems, $"{what}: the spec differs from spack's in shape:\n  " + string.Join("\n  ", problems));
    }

    /// <summary>A <c>builds/new/</c> body: the build environment, the spec's hash, the tool version and the tags, all strings.</summary>
    public static void AssertNewBuildBody(JsonObject ours, JsonObject reference, string what)
    {
        AssertSameKeys(ours, reference, what);
        foreach (var (key, value) in ours)
            Assert.AreEqual(JsonValueKind.String, value?.GetValueKind(), $"{what}: {key} is a string");
    }

    /// <summary>
    /// A <c>builds/phases/update/</c> or <c>builds/update/</c> body; <paramref name="localBuildId"/>: a save-local
    /// file, whose build id is a string of 32 hex digits, instead of the server's number.
    /// </summary>
    public static void AssertUpdateBody(JsonObject ours, JsonObject reference, string what, bool localBuildId)
    {
        AssertSameKeys(ours, reference, what);
        var id = ours["build_id"]!;
        if (localBuildId)
            Assert.MatchesRegex("^[0-9a-f]{32}$", id.GetValue<string>(), $"{what}: a local build id");
        else
            Assert.AreEqual(JsonValueKind.Number, id.GetValueKind(), $"{what}: build_id is the server's number");
        Assert.AreEqual(JsonValueKind.String, ours["status"]?.GetValueKind(), $"{what}: status is a string");
        if (ours.ContainsKey("output"))
            Assert.IsTrue(ours["output"] is null || ours["output"]!.GetValueKind() == JsonValueKind.String, $"{what}: output is a string or null");
    }

    /// <summary>The key sets of two objects are equal.</summary>
    public static void AssertSameKeys(JsonObject ours, JsonObject reference, string what) =>
        Assert.AreEqual(string.Join(", ", Keys(reference).Order()), string.Join(", ", Keys(ours).Order()), $"{what}: keys differ from spack's");

    private static HashSet<string> Keys(JsonObject body) => body.Select(p => p.Key).ToHashSet();

    private static string Describe(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
}
