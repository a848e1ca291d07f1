using System.Text.Json;
using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>
/// Replays a save-local folder (ours, or spack's <c>--monitor-save-local</c>) to a server, as
/// <c>spack monitor upload</c> does: for each spec file, the spec, then the builds of its nodes, their phases,
/// then their statuses — mapping local build ids to the server's. Subfolders are searched too, so the
/// reports root with its dated folders can be given.
/// </summary>
public sealed class SaveLocalUploader
{
    private readonly MonitorClient _client;
    private readonly Action<string> _log;

    /// <summary>Uploads through <paramref name="client"/>; <paramref name="log"/> receives one line per file read.</summary>
    public SaveLocalUploader(MonitorClient client, Action<string>? log = null)
    {
        _client = client;
        _log = log ?? (_ => { });
    }

    /// <summary>Uploads every file of <paramref name="folder"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="SaveLocalFormatException">A file cannot be read; the message names it.</exception>
    /// <exception cref="MonitorException">The server refused a request or could not be reached.</exception>
    public async Task<UploadSummary> UploadAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder} does not exist.");
        var content = SaveLocalFolder.Read(folder);
        var summary = new UploadSummary();
        var serverIds = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var spec in content.Specs)
        {
            _log("Reading " + Path.GetFileName(spec.Path));
            var data = await _client.NewSpecAsync(spec.Body, cancellationToken).ConfigureAwait(false);
            summary.Specs++;
            var hashes = new HashSet<string>(data.Spec.Specs.Values, StringComparer.Ordinal) { data.Spec.FullHash };
            foreach (var node in SpecLayout.ReadNodes(spec.Body.Spec))
                hashes.Add(node.FullHash);
            var builds = content.Builds.Where(b => !serverIds.ContainsKey(b.LocalId) && hashes.Contains(b.Body.FullHash ?? "")).ToList();
            await UploadBuildsAsync(content, builds, serverIds, summary, cancellationToken).ConfigureAwait(false);
        }

        // Builds whose spec no file of the folder holds: the server may know it from an earlier upload.
        var rest = content.Builds.Where(b => !serverIds.ContainsKey(b.LocalId)).ToList();
        await UploadBuildsAsync(content, rest, serverIds, summary, cancellationToken).ConfigureAwait(false);
        _log("Upload complete");
        return summary;
    }

    private async Task UploadBuildsAsync(SaveLocalFolder content, List<SaveLocalFile<NewBuildRequest>> builds,
        Dictionary<string, long> serverIds, UploadSummary summary, CancellationToken cancellationToken)
    {
        foreach (var build in builds)
        {
            try
            {
                var data = await _client.NewBuildAsync(build.Body, cancellationToken).ConfigureAwait(false);
                serverIds[build.LocalId] = data.Build!.BuildId;
                summary.Builds++;
            }
            catch (MonitorException e)
            {
                throw new MonitorException(e.Url, $"{e.Cause} (while uploading {build.Path})", e.StatusCode, e);
            }
        }
        foreach (var build in builds)
        {
            // Phases in the order they were written: file names carry no order, and the server lists phases as they arrive.
            foreach (var phase in content.Phases.Where(p => p.LocalId == build.LocalId).OrderBy(p => File.GetLastWriteTimeUtc(p.Path)).ThenBy(p => p.Path, StringComparer.Ordinal))
            {
                _log("Reading " + Path.GetFileName(phase.Path));
                phase.Body.BuildId = JsonValue.Create(serverIds[build.LocalId]);
                await _client.UpdatePhaseAsync(phase.Body, cancellationToken).ConfigureAwait(false);
                summary.Phases++;
            }
        }
        foreach (var build in builds)
        {
            foreach (var status in content.Statuses.Where(s => s.LocalId == build.LocalId))
            {
                _log("Reading " + Path.GetFileName(status.Path));
                status.Body.BuildId = JsonValue.Create(serverIds[build.LocalId]);
                await _client.UpdateBuildAsync(status.Body, cancellationToken).ConfigureAwait(false);
                summary.Statuses++;
            }
        }
    }
}

/// <summary>What an upload sent.</summary>
public sealed class UploadSummary
{
    /// <summary>Spec files sent.</summary>
    public int Specs { get; set; }
    /// <summary>Builds created or found.</summary>
    public int Builds { get; set; }
    /// <summary>Phases sent.</summary>
    public int Phases { get; set; }
    /// <summary>Statuses sent.</summary>
    public int Statuses { get; set; }

    /// <summary>e.g. <c>2 specs, 3 builds, 6 phases, 3 statuses</c>.</summary>
    public override string ToString() => $"{Specs} specs, {Builds} builds, {Phases} phases, {Statuses} statuses";
}

/// <summary>A file of a save-local folder cannot be read; the message names the file and what is wrong.</summary>
public sealed class SaveLocalFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public SaveLocalFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner) => FilePath = path;

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }
}

internal sealed class SaveLocalFile<T>(string path, string localId, T body)
{
    public string Path { get; } = path;
    public string LocalId { get; } = localId;
    public T Body { get; } = body;
}

// Every file of a save-local folder, read and checked before anything is sent.
internal sealed class SaveLocalFolder
{
    public List<SaveLocalFile<NewSpecRequest>> Specs { get; } = new();
    public List<SaveLocalFile<NewBuildRequest>> Builds { get; } = new();
    public List<SaveLocalFile<PhaseUpdateRequest>> Phases { get; } = new();
    public List<SaveLocalFile<BuildUpdateRequest>> Statuses { get; } = new();

    public static SaveLocalFolder Read(string folder)
    {
        var result = new SaveLocalFolder();
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            var localId = SaveLocalLayout.LocalBuildIdOf(name) ?? "";
            switch (SaveLocalLayout.KindOf(name))
            {
                case SaveLocalFileKind.Spec:
                    var spec = Parse<NewSpecRequest>(path);
                    try
                    {
                        SpecLayout.ReadNodes(spec.Spec);
                    }
                    catch (SpecFormatException e)
                    {
                        throw new SaveLocalFormatException(path, e.Message, e);
                    }
                    result.Specs.Add(new(path, "", spec));
                    break;
                case SaveLocalFileKind.BuildMetadata:
                    var build = Parse<NewBuildRequest>(path);
                    if (string.IsNullOrEmpty(build.FullHash))
                        throw new SaveLocalFormatException(path, "the build metadata has no \"full_hash\".");
                    result.Builds.Add(new(path, localId, build));
                    break;
                case SaveLocalFileKind.Phase:
                    var phase = Parse<PhaseUpdateRequest>(path);
                    if (string.IsNullOrEmpty(phase.PhaseName) || string.IsNullOrEmpty(phase.Status))
                        throw new SaveLocalFormatException(path, "a phase needs \"phase_name\" and \"status\".");
                    result.Phases.Add(new(path, localId, phase));
                    break;
                case SaveLocalFileKind.Status:
                    var status = Parse<BuildUpdateRequest>(path);
                    if (string.IsNullOrEmpty(status.Status))
                        throw new SaveLocalFormatException(path, "a build status needs \"status\".");
                    result.Statuses.Add(new(path, localId, status));
                    break;
            }
        }

        var known = new HashSet<string>(result.Builds.Select(b => b.LocalId), StringComparer.Ordinal);
        foreach (var orphan in result.Phases.Select(p => p.Path).Concat(result.Statuses.Select(s => s.Path))
                     .Where(p => !known.Contains(SaveLocalLayout.LocalBuildIdOf(Path.GetFileName(p))!)))
            throw new SaveLocalFormatException(orphan, $"no {SaveLocalLayout.BuildMetadataFile(SaveLocalLayout.LocalBuildIdOf(Path.GetFileName(orphan))!)} beside it names the build it belongs to.");
        return result;
    }

    private static T Parse<T>(string path) where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new SaveLocalFormatException(path, "cannot be read: " + e.Message, e);
        }
        try
        {
            return MonitorJson.Deserialize<T>(text) ?? throw new SaveLocalFormatException(path, "the file holds null instead of a JSON object.");
        }
        catch (JsonException e)
        {
            throw new SaveLocalFormatException(path, "not valid JSON of a save-local file (" + e.Message + ")", e);
        }
        catch (InvalidOperationException e)
        {
            throw new SaveLocalFormatException(path, "not valid JSON of a save-local file (" + e.Message + ")", e);
        }
    }
}
