using System.Text;
using System.Text.Json.Nodes;

namespace SpackMon.Server.Tests.Support;

/// <summary>
/// Seeded mutations of a recorded request: values replaced by hostile ones of every JSON type, keys removed, added,
/// renamed or duplicated, deep nesting, and byte-level damage (truncation, flipped bits, invalid UTF-8), sometimes
/// sent to another endpoint.
/// </summary>
internal static class RequestFuzzer
{
    private static readonly string[] Endpoints =
        ["/ms1/specs/new/", "/ms1/builds/new/", "/ms1/builds/phases/update/", "/ms1/builds/update/", "/ms1/analyze/builds/"];

    private static readonly string[] Keys =
        ["spec", "nodes", "name", "version", "full_hash", "build_id", "status", "phase_name", "output", "metadata", "tags",
         "spack_version", "hostname", "dependencies", "install_files", "environment_variables", "_meta", "arch", "compiler"];

    public static (string Path, byte[]? Body) Mutate(string path, JsonNode? template, Random random)
    {
        if (random.Next(8) == 0)
            path = Endpoints[random.Next(Endpoints.Length)];
        if (template is null)
            return (path, random.Next(3) == 0 ? Encoding.UTF8.GetBytes(RandomText(random)) : null);
        var body = template.DeepClone();
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
            body = MutateTree(body, random);
        var bytes = Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "null");
        return (path, random.Next(4) == 0 ? MutateBytes(bytes, random) : bytes);
    }

    public static string RandomText(Random random)
    {
        var chars = new char[random.Next(1, 40)];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = (char)random.Next(32, 127);
        return new string(chars);
    }

    private static JsonNode? MutateTree(JsonNode? body, Random random)
    {
        var places = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(body, places);
        if (places.Count == 0 || random.Next(20) == 0)
            return RandomValue(random);
        var (parent, key, index) = places[random.Next(places.Count)];
        switch (random.Next(6))
        {
            case 0 when parent is JsonObject o:
                o.Remove(key!);
                break;
            case 1 when parent is JsonObject o:
                o[Keys[random.Next(Keys.Length)] + (random.Next(3) == 0 ? "" : "_x")] = RandomValue(random);
                break;
            case 2 when parent is JsonObject o:
                var value = o[key!];
                o.Remove(key!);
                o[Keys[random.Next(Keys.Length)]] = value;
                break;
            default:
                Set(parent, key, index, RandomValue(random));
                break;
        }
        return body;
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject o)
            o[key!] = value;
        else
            ((JsonArray)parent)[index] = value;
    }

    private static void Collect(JsonNode? node, List<(JsonNode, string?, int)> places)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    places.Add((o, key, -1));
                    Collect(child, places);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    places.Add((a, null, i));
                    Collect(a[i], places);
                }
                break;
        }
    }

    private static JsonNode? RandomValue(Random random) => random.Next(24) switch
    {
        0 => null,
        1 => true,
        2 => 0,
        3 => -1,
        4 => long.MaxValue,
        5 => JsonNode.Parse("1e308"),
        6 => JsonNode.Parse("123456789012345678901234567890"),
        7 => 0.5,
        8 => "",
        9 => "<script>alert(1)</script>",
        10 => "../../../etc/passwd",
        11 => "a\u0000b\u001b[31m",
        12 => new string('x', 300),
        13 => new string('y', 70_000),
        14 => new JsonObject(),
        15 => new JsonArray(),
        16 => new JsonArray((JsonNode?)null),
        17 => new JsonObject { ["nodes"] = new JsonArray(new JsonObject { ["name"] = "n" }) },
        18 => random.Next(2) == 0 ? "SUCCESS" : "CANCELLED",
        19 => "9223372036854775808",
        20 => Nested(random.Next(10, 80)),
        21 => random.Next(1, 5),
        22 => "ms1",
        _ => RandomText(random),
    };

    private static JsonNode Nested(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
            node = new JsonObject { ["a"] = node };
        return node;
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var list = new List<byte>(bytes);
        switch (random.Next(5))
        {
            case 0:
                var cut = random.Next(list.Count);
                list.RemoveRange(cut, list.Count - cut);
                break;
            case 1:
                var at = random.Next(list.Count);
                list[at] ^= (byte)(1 << random.Next(8));
                break;
            case 2:
                list.InsertRange(random.Next(list.Count), new[] { (byte)0xff, (byte)0xc0, (byte)0xaf, (byte)0xed, (byte)0xa0, (byte)0x80 }.Take(random.Next(1, 6)));
                break;
            case 3:
                // A duplicate key right after the opening brace.
                var brace = list.IndexOf((byte)'{');
                if (brace >= 0)
                    list.InsertRange(brace + 1, Encoding.UTF8.GetBytes($"\"{Keys[random.Next(Keys.Length)]}\":1,"));
                break;
            default:
                var start = random.Next(list.Count);
                var length = random.Next(list.Count - start);
                list.InsertRange(start, list.GetRange(start, length));
                break;
        }
        return list.ToArray();
    }
}
