using System.Text.Json.Nodes;

namespace SpackMon.Server.Tests.Support;

/// <summary>Small spec DAGs and request bodies with unique hashes, so tests sharing a server never collide.</summary>
internal static class SpecBuilder
{
    public static string NewHash() => Guid.NewGuid().ToString("N");

    /// <summary>A v2 node; <paramref name="dependencies"/> are (name, full hash) edges of type build+link.</summary>
    public static JsonObject Node(string name, string fullHash, params (string Name, string Hash)[] dependencies) => new()
    {
        ["name"] = name,
        ["version"] = "1.0",
        ["arch"] = new JsonObject { ["platform"] = "linux", ["platform_os"] = "debian12", ["target"] = "x86_64" },
        ["compiler"] = new JsonObject { ["name"] = "gcc", ["version"] = "12.2.0" },
        ["namespace"] = "builtin",
        ["parameters"] = new JsonObject { ["cflags"] = new JsonArray() },
        ["dependencies"] = new JsonArray(dependencies.Select(d => (JsonNode)new JsonObject
        {
            ["name"] = d.Name,
            ["full_hash"] = d.Hash,
            ["type"] = new JsonArray("build", "link"),
        }).ToArray()),
        ["hash"] = "h" + fullHash[1..],
        ["full_hash"] = fullHash,
        ["build_hash"] = "b" + fullHash[1..],
    };

    /// <summary>A <c>specs/new/</c> body in the v2 layout, root first.</summary>
    public static JsonObject SpecBody(string spackVersion, params JsonObject[] nodes) => new()
    {
        ["spec"] = new JsonObject
        {
            ["_meta"] = new JsonObject { ["version"] = 2 },
            ["nodes"] = new JsonArray(nodes.Select(n => (JsonNode)n).ToArray()),
        },
        ["spack_version"] = spackVersion,
    };

    /// <summary>A <c>builds/new/</c> body.</summary>
    public static JsonObject BuildBody(string fullHash, string spackVersion = "1.0.0", string hostname = "host-a", string? tags = null) => new()
    {
        ["full_hash"] = fullHash,
        ["spack_version"] = spackVersion,
        ["hostname"] = hostname,
        ["kernel_version"] = "#1 SMP",
        ["host_os"] = "debian12",
        ["platform"] = "linux",
        ["host_target"] = "x86_64",
        ["tags"] = tags,
    };
}
