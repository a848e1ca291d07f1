using System.Text.Json.Nodes;

namespace SpackMon.Server.Tests.Support;

/// <summary>
/// The recorded exchanges in shared/protocol/fixtures, found by walking up from the test binaries to the folder
/// that holds <c>shared/</c> (the repository is X/main with X/shared beside it; CI puts shared/ beside its clone too).
/// </summary>
internal static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "protocol", "fixtures");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"No shared/protocol/fixtures above {AppContext.BaseDirectory}.");
    });

    public static string Folder(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static JsonObject Load(params string[] parts) => (JsonObject)JsonNode.Parse(File.ReadAllText(Folder(parts)))!;

    /// <summary>The request body of a reference-server exchange, e.g. <c>009</c>.</summary>
    public static JsonObject ServerRequestBody(string number) =>
        (JsonObject)Load("reference-server", ServerFile(number))["request"]!["body_json"]!.DeepClone();

    public static string ServerFile(string number) =>
        Path.GetFileName(Directory.GetFiles(Folder("reference-server"), number + "-*.json").Single());
}
