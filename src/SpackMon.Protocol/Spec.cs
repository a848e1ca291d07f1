using System.Text.Json.Nodes;

namespace SpackMon.Protocol;

/// <summary>One node of a spec DAG: a package or project configuration with its hashes.</summary>
public class SpecNode
{
    /// <summary>Package or project name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Version.</summary>
    public string Version { get; set; } = "";
    /// <summary>Platform, OS and target.</summary>
    public SpecArch? Arch { get; set; }
    /// <summary>Compiler name and version.</summary>
    public SpecCompiler? Compiler { get; set; }
    /// <summary>Repository namespace (spack) or package source kind (.NET).</summary>
    public string? Namespace { get; set; }
    /// <summary>Build-shaping parameters (variants, flags, properties).</summary>
    public JsonObject? Parameters { get; set; }
    /// <summary>Direct dependencies.</summary>
    public List<SpecDependency> Dependencies { get; set; } = new();
    /// <summary>DAG hash.</summary>
    public string? Hash { get; set; }
    /// <summary>Full hash: identity of the node with its sources and dependencies.</summary>
    public string FullHash { get; set; } = "";
    /// <summary>Build hash.</summary>
    public string? BuildHash { get; set; }
    /// <summary>Hash of the package recipe or project file.</summary>
    public string? PackageHash { get; set; }
}

/// <summary>Where a spec node builds for.</summary>
public class SpecArch
{
    /// <summary>e.g. <c>linux</c>.</summary>
    public string? Platform { get; set; }
    /// <summary>e.g. <c>debian12</c>.</summary>
    public string? PlatformOs { get; set; }
    /// <summary>A target name, or spack's object <c>{"name","vendor","features",...}</c>.</summary>
    public JsonNode? Target { get; set; }

    /// <summary>The target's name, whichever form it has (not part of the wire JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? TargetName => Target switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonObject o when o["name"] is JsonValue n && n.TryGetValue(out string? s) => s,
        _ => null,
    };
}

/// <summary>The compiler of a spec node.</summary>
public class SpecCompiler
{
    /// <summary>e.g. <c>gcc</c>, <c>roslyn</c>.</summary>
    public string Name { get; set; } = "";
    /// <summary>Its version.</summary>
    public string Version { get; set; } = "";
}

/// <summary>An edge of the DAG.</summary>
public class SpecDependency
{
    /// <summary>Name of the dependency node.</summary>
    public string Name { get; set; } = "";
    /// <summary>Its full hash (or, from older clients, its DAG or build hash).</summary>
    public string FullHash { get; set; } = "";
    /// <summary>Dependency types, e.g. <c>build</c>, <c>link</c>, <c>run</c>.</summary>
    public List<string> Type { get; set; } = new();
}

/// <summary>Thrown when a spec's JSON cannot be read; the message says what is wrong.</summary>
public sealed class SpecFormatException(string message) : Exception(message);

/// <summary>
/// Reads and writes the two spec layouts of ms1: v2 <c>{"_meta":{"version":2},"nodes":[...]}</c>
/// (also the node list alone) and v1 <c>[{"name": {...}}, ...]</c>. The first node is the root.
/// </summary>
public static class SpecLayout
{
    /// <summary>Reads either layout into nodes, root first.</summary>
    /// <exception cref="SpecFormatException">The JSON is not a spec; the message says why.</exception>
    public static List<SpecNode> ReadNodes(JsonNode? spec)
    {
        JsonArray list = spec switch
        {
            JsonObject o when o["spec"] is JsonNode inner && o["nodes"] is null => AsNodeList(inner),
            _ => AsNodeList(spec),
        };
        if (list.Count == 0)
            throw new SpecFormatException("The spec has no nodes.");
        var nodes = new List<SpecNode>(list.Count);
        for (var i = 0; i < list.Count; i++)
            nodes.Add(ReadNode(list[i], i));
        return nodes;
    }

    /// <summary>Writes nodes in the v2 layout that spack 0.17+ sends.</summary>
    public static JsonObject WriteV2(IEnumerable<SpecNode> nodes)
    {
        var array = new JsonArray();
        foreach (var node in nodes)
            array.Add(JsonSerializerNode(node));
        return new JsonObject { ["_meta"] = new JsonObject { ["version"] = 2 }, ["nodes"] = array };
    }

    private static JsonNode? JsonSerializerNode(SpecNode node) =>
        System.Text.Json.JsonSerializer.SerializeToNode(node, MonitorJson.Options);

    private static JsonArray AsNodeList(JsonNode? spec) => spec switch
    {
        JsonObject o when o["nodes"] is JsonArray nodes => nodes,
        JsonObject o when o["nodes"] is not null => throw new SpecFormatException("The spec's \"nodes\" must be a list of nodes."),
        JsonObject => throw new SpecFormatException("The spec must have \"nodes\" (v2 layout) or be a list of {name: node} (v1 layout)."),
        JsonArray a => a,
        null => throw new SpecFormatException("A spec is required."),
        _ => throw new SpecFormatException("The spec must be a JSON object with \"nodes\" or a list of nodes."),
    };

    private static SpecNode ReadNode(JsonNode? item, int index)
    {
        if (item is not JsonObject obj)
            throw new SpecFormatException($"Node {index} of the spec is not an object.");
        // v1: {"<name>": {fields}} — a single key whose value is the node without "name".
        if (obj.Count == 1 && obj["name"] is null && First(obj) is { Value: JsonObject v1Body } only)
            return ReadFields(v1Body, only.Key, index, v1: true);
        return ReadFields(obj, null, index, v1: false);
    }

    private static KeyValuePair<string, JsonNode?>? First(JsonObject obj)
    {
        foreach (var kv in obj)
            return kv;
        return null;
    }

    private static SpecNode ReadFields(JsonObject o, string? name, int index, bool v1)
    {
        var node = new SpecNode
        {
            Name = name ?? Text(o, "name", index, required: true)!,
            Version = Text(o, "version", index, required: false) ?? "",
            Namespace = Text(o, "namespace", index, required: false),
            Hash = Text(o, "hash", index, required: false),
            BuildHash = Text(o, "build_hash", index, required: false),
            PackageHash = Text(o, "package_hash", index, required: false),
        };
        node.FullHash = Text(o, "full_hash", index, required: false) ?? node.Hash ?? node.BuildHash
            ?? throw new SpecFormatException($"Node {index} ({node.Name}) of the spec has no full_hash.");
        if (node.Name.Length == 0)
            throw new SpecFormatException($"Node {index} of the spec has an empty name.");

        if (o["parameters"] is JsonObject parameters)
            node.Parameters = (JsonObject)parameters.DeepClone();
        else if (o["parameters"] is not null)
            throw new SpecFormatException($"Node {index} ({node.Name}): \"parameters\" must be an object.");

        if (o["arch"] is JsonObject arch)
            node.Arch = new SpecArch
            {
                Platform = Text(arch, "platform", index, false),
                PlatformOs = Text(arch, "platform_os", index, false),
                Target = arch["target"]?.DeepClone(),
            };
        else if (o["arch"] is not null)
            throw new SpecFormatException($"Node {index} ({node.Name}): \"arch\" must be an object.");

        if (o["compiler"] is JsonObject compiler)
            node.Compiler = new SpecCompiler
            {
                Name = Text(compiler, "name", index, false) ?? "",
                Version = Text(compiler, "version", index, false) ?? "",
            };
        else if (o["compiler"] is not null)
            throw new SpecFormatException($"Node {index} ({node.Name}): \"compiler\" must be an object.");

        node.Dependencies = ReadDependencies(o["dependencies"], node.Name, index, v1);
        return node;
    }

    private static List<SpecDependency> ReadDependencies(JsonNode? deps, string owner, int index, bool v1)
    {
        var result = new List<SpecDependency>();
        switch (deps)
        {
            case null:
                break;
            case JsonArray array: // v2
                foreach (var d in array)
                {
                    if (d is not JsonObject dep)
                        throw new SpecFormatException($"Node {index} ({owner}): each dependency must be an object.");
                    var name = Text(dep, "name", index, true)!;
                    result.Add(new SpecDependency
                    {
                        Name = name,
                        FullHash = Text(dep, "full_hash", index, false) ?? Text(dep, "build_hash", index, false)
                            ?? Text(dep, "hash", index, false)
                            ?? throw new SpecFormatException($"Node {index} ({owner}): dependency {name} has no hash."),
                        Type = Types(dep["type"], owner, index),
                    });
                }
                break;
            case JsonObject map: // v1: {"dep": {"hash": "...", "type": [...]}}
                foreach (var kv in map)
                {
                    if (kv.Value is not JsonObject dep)
                        throw new SpecFormatException($"Node {index} ({owner}): dependency {kv.Key} must be an object.");
                    result.Add(new SpecDependency
                    {
                        Name = kv.Key,
                        FullHash = Text(dep, "full_hash", index, false) ?? Text(dep, "hash", index, false)
                            ?? Text(dep, "build_hash", index, false)
                            ?? throw new SpecFormatException($"Node {index} ({owner}): dependency {kv.Key} has no hash."),
                        Type = Types(dep["type"], owner, index),
                    });
                }
                break;
            default:
                throw new SpecFormatException(v1
                    ? $"Node {index} ({owner}): \"dependencies\" must be an object of name → {{hash, type}}."
                    : $"Node {index} ({owner}): \"dependencies\" must be a list.");
        }
        return result;
    }

    private static List<string> Types(JsonNode? type, string owner, int index)
    {
        var types = new List<string>();
        switch (type)
        {
            case null:
                break;
            case JsonValue v when v.TryGetValue(out string? single):
                types.Add(single!);
                break;
            case JsonArray a:
                foreach (var t in a)
                {
                    if (t is JsonValue tv && tv.TryGetValue(out string? s))
                        types.Add(s!);
                    else
                        throw new SpecFormatException($"Node {index} ({owner}): dependency types must be strings.");
                }
                break;
            default:
                throw new SpecFormatException($"Node {index} ({owner}): dependency \"type\" must be a list of strings.");
        }
        return types;
    }

    private static string? Text(JsonObject o, string key, int index, bool required)
    {
        switch (o[key])
        {
            case null when required:
                throw new SpecFormatException($"Node {index} of the spec has no \"{key}\".");
            case null:
                return null;
            case JsonValue v when v.TryGetValue(out string? s):
                return s;
            case JsonValue v when v.GetValueKind() is System.Text.Json.JsonValueKind.Number:
                return v.ToJsonString();
            default:
                throw new SpecFormatException($"Node {index} of the spec: \"{key}\" must be a string.");
        }
    }
}
