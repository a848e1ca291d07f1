using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using SpackMon.Build.Model;
using SpackMon.Build.Monitoring;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Begins the monitored build of a project, before it compiles: registers its spec (<c>specs/new/</c>), gets or creates
/// its build in this build environment (<c>builds/new/</c>), and reports the restore phase from the assets file.
/// The requests are queued on the build's sender and sent while the project builds; the task returns at once.
/// </summary>
public sealed class MonitorBegin : MonitorTask
{
    /// <summary>Key of the project build (from <see cref="ComputeSpec"/>).</summary>
    [Required]
    public string BuildKey { get; set; } = "";

    /// <summary>Project name.</summary>
    [Required]
    public string ProjectName { get; set; } = "";

    /// <summary>The spec file written by <see cref="ComputeSpec"/>.</summary>
    [Required]
    public string SpecFile { get; set; } = "";

    /// <summary>Base URL from <see cref="MonitorCheck"/>; unused in save-local mode.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The server has authentication off.</summary>
    public bool DisableAuth { get; set; }

    /// <summary>Failed requests warn and the build goes on.</summary>
    public bool KeepGoing { get; set; }

    /// <summary>Write to <see cref="SaveLocalFolder"/> instead of a server.</summary>
    public bool SaveLocal { get; set; }

    /// <summary>This build's dated save-local folder.</summary>
    public string SaveLocalFolder { get; set; } = "";

    /// <summary>Comma-separated tags for the build.</summary>
    public string Tags { get; set; } = "";

    /// <summary>Restore's assets file, for the restore phase.</summary>
    public string AssetsFile { get; set; } = "";

    /// <summary>True when the project's build is monitored (its requests are queued).</summary>
    [Output]
    public bool Started { get; set; }

    /// <inheritdoc />
    protected override void Run()
    {
        JsonNode? spec;
        List<SpecNode> nodes;
        try
        {
            spec = JsonNode.Parse(File.ReadAllText(SpecFile));
            nodes = SpecLayout.ReadNodes(spec);
        }
        catch (Exception e) when (e is IOException or JsonException or SpecFormatException)
        {
            Error(Messages.SpecFailed, ProjectName, e.Message);
            return;
        }

        IBuildMonitor monitor;
        if (SaveLocal)
        {
            monitor = Session.Writer(SaveLocalFolder);
        }
        else
        {
            var credentials = MonitorCredentials.FromEnvironment();
            if (credentials is null && !DisableAuth)
            {
                Error(Messages.CredentialsMissing);
                return;
            }
            monitor = Destination(Session.Client(BaseUrl, DisableAuth, credentials, Timeout), KeepGoing, SaveLocalFolder);
        }

        var environment = BuildEnvironmentProbe.Current();
        var metadata = new NewBuildRequest
        {
            Hostname = environment.Hostname,
            KernelVersion = environment.KernelVersion,
            HostOs = environment.HostOs,
            Platform = environment.Platform,
            HostTarget = environment.HostTarget,
            FullHash = nodes[0].FullHash,
            SpackVersion = MonitorClient.ToolVersion,
            Tags = NormalizeTags(Tags),
        };
        var build = Session.Build(BuildKey, ProjectName);
        build.Begin(monitor, new NewSpecRequest { Spec = spec, SpackVersion = MonitorClient.ToolVersion }, metadata);
        Send(build, KeepGoing, SaveLocalFolder, build.RegisterAsync);
        Started = true;
        Log.LogMessage(MessageImportance.Normal, $"SpackMon: {ProjectName} (spec {nodes[0].FullHash}) is sent to {(monitor is SaveLocalWriter w ? w.Folder : BaseUrl)}");

        // The assets file does not change during the build: it is read on the sender too.
        var assetsFile = AssetsFile;
        Send(build, KeepGoing, SaveLocalFolder, cancellation => ReportRestore(build, assetsFile, cancellation));
    }

    /// <summary>Tags as sent: trimmed, empty ones dropped; null when there are none.</summary>
    public static string? NormalizeTags(string? tags)
    {
        var list = (tags ?? "").Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        return list.Count == 0 ? null : string.Join(",", list);
    }

    private static Task ReportRestore(ProjectBuild build, string assetsFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(assetsFile))
            return Task.CompletedTask;
        List<Diagnostic> logs;
        try
        {
            logs = Model.AssetsFile.Read(assetsFile).Logs();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            build.Defer(DeferredLog.Warning(Messages.DiagnosticsUnreadable, assetsFile, e.Message));
            logs = new List<Diagnostic>();
        }
        var status = logs.Any(l => l.IsError) ? PhaseStatus.Error : PhaseStatus.Success;
        var output = PhaseOutput.Compose(build.Name, "restore", status, null, logs, "Restore recorded in " + Path.GetFileName(assetsFile));
        return build.ReportPhaseAsync("restore", status, Redact(output), cancellationToken);
    }
}
