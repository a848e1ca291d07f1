using System.Globalization;
using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>
/// Writes what would be sent to a server into a folder, in spack's <c>--monitor-save-local</c> layout
/// (<see cref="SaveLocalLayout"/>), for a later <c>spackmon upload</c>. Build ids are local: 32 lower-case hex digits.
/// Safe to share between threads; each file is written whole.
/// </summary>
public sealed class SaveLocalWriter : IBuildMonitor
{
    private readonly object _gate = new();

    /// <summary>Writes into <paramref name="folder"/>, created on the first write.</summary>
    public SaveLocalWriter(string folder) => Folder = folder;

    /// <summary>The folder written to.</summary>
    public string Folder { get; }

    /// <summary>The dated folder of one build under <paramref name="root"/>, named like spack's (<c>yyyy-MM-dd-HH-mm-ss</c>).</summary>
    public static string DatedFolder(string root, DateTime time) =>
        Path.Combine(root, time.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture));

    /// <summary>A new local build id: 32 lower-case hex digits.</summary>
    public static string NewLocalBuildId() => Guid.NewGuid().ToString("N");

    /// <summary>Writes <c>spec-&lt;name&gt;-&lt;version&gt;-config.json</c>; returns the root's full hash.</summary>
    public Task<string> RegisterSpecAsync(NewSpecRequest request, CancellationToken cancellationToken)
    {
        var root = SpecLayout.ReadNodes(request.Spec)[0];
        var body = MonitorJson.Serialize(request, indented: true);
        lock (_gate)
        {
            // Two configurations of one project share name and version: keep both, told apart by their hash.
            var path = Path.Combine(Folder, SaveLocalLayout.SpecFile(root.Name, root.Version));
            if (File.Exists(path) && RootHashOf(path) != root.FullHash)
                path = Path.Combine(Folder, SaveLocalLayout.SpecFile(root.Name, root.Version + "-" + root.FullHash.Substring(0, Math.Min(8, root.FullHash.Length))));
            Write(path, body);
        }
        return Task.FromResult(root.FullHash);
    }

    /// <summary>Writes <c>build-metadata-&lt;local id&gt;.json</c>; returns the new local id.</summary>
    public Task<string> NewBuildAsync(NewBuildRequest request, CancellationToken cancellationToken)
    {
        var id = NewLocalBuildId();
        Write(Path.Combine(Folder, SaveLocalLayout.BuildMetadataFile(id)), MonitorJson.Serialize(request, indented: true));
        return Task.FromResult(id);
    }

    /// <summary>Writes <c>build-&lt;local id&gt;-phase-&lt;phase&gt;.json</c>.</summary>
    public Task UpdatePhaseAsync(string buildId, string phaseName, string status, string? output, CancellationToken cancellationToken)
    {
        var body = new PhaseUpdateRequest { BuildId = JsonValue.Create(buildId), Status = status, Output = output, PhaseName = phaseName };
        Write(Path.Combine(Folder, SaveLocalLayout.PhaseFile(buildId, phaseName)), MonitorJson.Serialize(body, indented: true));
        return Task.CompletedTask;
    }

    /// <summary>Writes <c>build-&lt;local id&gt;-status.json</c>.</summary>
    public Task UpdateBuildAsync(string buildId, string status, CancellationToken cancellationToken)
    {
        var body = new BuildUpdateRequest { BuildId = JsonValue.Create(buildId), Status = status };
        Write(Path.Combine(Folder, SaveLocalLayout.StatusFile(buildId)), MonitorJson.Serialize(body, indented: true));
        return Task.CompletedTask;
    }

    private static string? RootHashOf(string specFile)
    {
        try
        {
            return SpecLayout.ReadNodes(JsonNode.Parse(File.ReadAllText(specFile)))[0].FullHash;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or SpecFormatException)
        {
            return null;
        }
    }

    private void Write(string path, string json)
    {
        Directory.CreateDirectory(Folder);
        // Write then rename, so that an upload never reads half a file.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, json);
        if (File.Exists(path))
            File.Delete(path);
        File.Move(temp, path);
    }
}
