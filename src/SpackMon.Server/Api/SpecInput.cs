using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Server.Api;

/// <summary>Reads a posted spec in either layout and checks its strings against <see cref="FieldLimits"/>.</summary>
internal static class SpecInput
{
    public static List<SpecNode> Read(JsonNode? spec)
    {
        List<SpecNode> nodes;
        try
        {
            nodes = SpecLayout.ReadNodes(spec);
        }
        catch (SpecFormatException e)
        {
            throw ApiError.BadRequest("The spec is malformed: " + e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ApiError.BadRequest("The spec could not be read: " + e.Message);
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var where = $"Node {i} ({Shorten(node.Name)}) of the spec:";
            RequestBody.CheckPlainName(node.Name, $"{where} \"name\"");
            Check(node.Version, where, "version");
            Check(node.FullHash, where, "full_hash");
            Check(node.Hash, where, "hash");
            Check(node.BuildHash, where, "build_hash");
            Check(node.PackageHash, where, "package_hash");
            Check(node.Namespace, where, "namespace");
            Check(node.Arch?.Platform, where, "arch.platform");
            Check(node.Arch?.PlatformOs, where, "arch.platform_os");
            Check(node.Compiler?.Name, where, "compiler.name");
            Check(node.Compiler?.Version, where, "compiler.version");
            foreach (var dependency in node.Dependencies)
            {
                Check(dependency.Name, where, "dependencies.name");
                Check(dependency.FullHash, where, "dependencies hash");
                foreach (var type in dependency.Type)
                    Check(type, where, "dependencies.type");
            }
            if (node.FullHash.Length == 0)
                throw ApiError.BadRequest($"{where} \"full_hash\" is empty.");
        }
        return nodes;
    }

    private static void Check(string? value, string where, string field) =>
        RequestBody.CheckLength(value, $"{where} \"{field}\"", FieldLimits.Short);

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "...";
}
