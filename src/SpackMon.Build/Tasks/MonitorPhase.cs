using Microsoft.Build.Framework;
using SpackMon.Build.Model;
using SpackMon.Build.Monitoring;
using SpackMon.Protocol;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Starts or reports one phase of a monitored build (<c>builds/phases/update/</c>) with its status and output;
/// a compile phase's warnings and errors come from the compiler's SARIF file.
/// </summary>
public sealed class MonitorPhase : MonitorTask
{
    /// <summary>Key of the project build.</summary>
    [Required]
    public string BuildKey { get; set; } = "";

    /// <summary>Project name.</summary>
    [Required]
    public string ProjectName { get; set; } = "";

    /// <summary>Phase name: restore, compile, test, pack, publish, build.</summary>
    [Required]
    public string Phase { get; set; } = "";

    /// <summary>Only note that the phase starts (for its duration, and to report it as ERROR if the build stops during it).</summary>
    public bool Start { get; set; }

    /// <summary>SUCCESS, ERROR, FAILED or CANCELLED.</summary>
    public string Status { get; set; } = PhaseStatus.Success;

    /// <summary>Text of the phase.</summary>
    public string Output { get; set; } = "";

    /// <summary>SARIF file with the phase's diagnostics, when there is one.</summary>
    public string SarifFile { get; set; } = "";

    /// <summary>Project folder, to show diagnostics' paths relative to it.</summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Failed requests warn and the build goes on.</summary>
    public bool KeepGoing { get; set; }

    /// <summary>Where KeepGoing saves what could not be sent.</summary>
    public string SaveLocalFolder { get; set; } = "";

    /// <inheritdoc />
    protected override void Run()
    {
        var build = Session.Build(BuildKey, ProjectName);
        if (Start)
        {
            build.StartPhase(Phase, DateTime.UtcNow);
            return;
        }
        if (build.Monitor is null || build.BuildId is null)
            return;
        var status = Status.Trim().ToUpperInvariant();
        var output = Compose(this, build, Phase, status, Output, SarifFile, ProjectDirectory);
        Send(build, KeepGoing, SaveLocalFolder, () => build.ReportPhaseAsync(Phase, status, Redact(output), CancellationToken));
    }

    /// <summary>The output of a phase, with the diagnostics of <paramref name="sarifFile"/> when it exists.</summary>
    internal static string Compose(MonitorTask task, ProjectBuild build, string phase, string status, string text, string sarifFile, string projectDirectory)
    {
        var now = DateTime.UtcNow;
        var elapsed = build.Elapsed(phase, now);
        var diagnostics = new List<Diagnostic>();
        const string upToDate = "Up to date: the compiler did not run";
        if (sarifFile.Length > 0 && !File.Exists(sarifFile) && status == PhaseStatus.Success)
            text = (text.Length > 0 ? text + "\n" : "") + upToDate + ".";
        if (sarifFile.Length > 0 && File.Exists(sarifFile))
        {
            try
            {
                diagnostics = SarifLog.Read(sarifFile, projectDirectory.Length > 0 ? projectDirectory : Path.GetDirectoryName(sarifFile)!);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                task.Log.LogWarning(null, Messages.DiagnosticsUnreadable.Code, null, null, 0, 0, 0, 0, Messages.DiagnosticsUnreadable.Format(sarifFile, e.Message));
            }
            if (elapsed is { } running && File.GetLastWriteTimeUtc(sarifFile) < now - running)
                text = (text.Length > 0 ? text + "\n" : "") + upToDate + "; the diagnostics are those of its last run.";
        }
        return PhaseOutput.Compose(build.Name, phase, status, elapsed, diagnostics, text);
    }
}
