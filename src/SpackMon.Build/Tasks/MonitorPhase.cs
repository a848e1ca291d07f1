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
        ReportDeferred(build);
        if (build.Monitor is null)
            return;
        Send(build, KeepGoing, SaveLocalFolder, Report(build, Phase, Status.Trim().ToUpperInvariant(), Output, SarifFile, ProjectDirectory));
        // After the project's end (test, pack, publish): no later task of the project would log how the sending went.
        if (build.Ended)
            Flush(build, KeepGoing);
    }

    /// <summary>
    /// The report of a phase, to queue on the build's sender: its duration is taken now; its output, with the
    /// diagnostics of <paramref name="sarifFile"/> when it exists, is composed and redacted on the sender.
    /// </summary>
    internal static Func<CancellationToken, Task> Report(ProjectBuild build, string phase, string status, string text, string sarifFile, string projectDirectory)
    {
        var now = DateTime.UtcNow;
        var elapsed = build.Elapsed(phase, now);
        return cancellation => build.ReportPhaseAsync(phase, status, Redact(Compose(build, phase, status, elapsed, now, text, sarifFile, projectDirectory)), cancellation);
    }

    private static string Compose(ProjectBuild build, string phase, string status, TimeSpan? elapsed, DateTime now, string text, string sarifFile, string projectDirectory)
    {
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
                build.Defer(DeferredLog.Warning(Messages.DiagnosticsUnreadable, sarifFile, e.Message));
            }
            if (elapsed is { } running && File.GetLastWriteTimeUtc(sarifFile) < now - running)
                text = (text.Length > 0 ? text + "\n" : "") + upToDate + "; the diagnostics are those of its last run.";
        }
        return PhaseOutput.Compose(build.Name, phase, status, elapsed, diagnostics, text);
    }
}
