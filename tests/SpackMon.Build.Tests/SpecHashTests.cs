using System.Text.Json.Nodes;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Tests;

[TestClass]
public sealed class SpecHashTests
{
    [TestMethod]
    public void Base32_of_sha1_matches_python_b32encode_lowercased()
    {
        // python: base64.b32encode(hashlib.sha1(b"abc").digest()).lower()
        Assert.AreEqual("vgmt4nsha2awvor6evyxqugcnsonbwe5", SpecHash.OfText("abc"));
        Assert.AreEqual("3i42h3s6nnfq2msvx7xzkyayscx5qbyj", SpecHash.OfText(""));
    }

    [TestMethod]
    public void Canonical_json_sorts_keys_at_every_level_and_has_no_blanks()
    {
        var a = JsonNode.Parse("""{ "b": 1, "a": { "z": [3, {"y": 1, "x": 2}], "c": null } }""");
        Assert.AreEqual("""{"a":{"c":null,"z":[3,{"x":2,"y":1}]},"b":1}""", SpecHash.Canonical(a));
    }

    [TestMethod]
    public void Hash_ignores_own_hash_fields_and_parameter_order_but_not_values()
    {
        var first = SpecHash.Assign(Node(new JsonObject { ["Configuration"] = "Debug", ["TargetFramework"] = "net10.0" }));
        var reordered = Node(new JsonObject { ["TargetFramework"] = "net10.0", ["Configuration"] = "Debug" });
        reordered.FullHash = "stale";
        reordered.Hash = "stale";
        SpecHash.Assign(reordered);
        var release = SpecHash.Assign(Node(new JsonObject { ["Configuration"] = "Release", ["TargetFramework"] = "net10.0" }));

        Assert.AreEqual(first.FullHash, reordered.FullHash);
        Assert.AreNotEqual(first.FullHash, release.FullHash);
        Assert.AreEqual(32, first.FullHash.Length);
        StringAssert.Matches(first.FullHash, new System.Text.RegularExpressions.Regex("^[a-z2-7]{32}$"));
    }

    [TestMethod]
    public void A_dependency_full_hash_feeds_the_parent_hash()
    {
        var parent = Node(new JsonObject());
        parent.Dependencies.Add(new SpecDependency { Name = "Lib", FullHash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Type = new() { "build", "link" } });
        var before = SpecHash.Assign(parent).FullHash;
        parent.Dependencies[0].FullHash = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        Assert.AreNotEqual(before, SpecHash.Assign(parent).FullHash);
    }

    [TestMethod]
    public void Package_hash_changes_full_hash_but_not_the_configuration_hash()
    {
        var node = Node(new JsonObject());
        node.PackageHash = "one";
        SpecHash.Assign(node);
        var (full, hash) = (node.FullHash, node.Hash);
        node.PackageHash = "two";
        SpecHash.Assign(node);
        Assert.AreNotEqual(full, node.FullHash);
        Assert.AreEqual(hash, node.Hash);
    }

    private static SpecNode Node(JsonObject parameters) => new()
    {
        Name = "App",
        Version = "1.0.0",
        Namespace = "dotnet",
        Parameters = parameters,
        Compiler = new SpecCompiler { Name = "roslyn", Version = "10.0.401" },
        Arch = new SpecArch { Platform = "any", PlatformOs = "portable", Target = JsonValue.Create("anycpu") },
    };
}
