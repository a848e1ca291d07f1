using Microsoft.Build.Framework;
using SpackMon.Build.Monitoring;
using SpackMon.Protocol;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Ends a monitored build: reports the "build" phase and the final status (<c>builds/update/</c>), then waits (within
/// <see cref="MonitorTask.FlushBound"/>) until the project's sender has sent everything and logs how it went.
/// With <see cref="Status"/> empty it is the failure path: compile ERROR then FAILED when compilation failed,
/// CANCELLED when a referenced project failed, FAILED otherwise.
/// </summary>
public sealed class MonitorEnd : MonitorTask
{
    /// <summary>Key of the project build.</summary>
    [Required]
    public string BuildKey { get; set; } = "";

    /// <summary>Project name.</summary>
    [Required]
    public string ProjectName { get; set; } = "";

    /// <summary>SUCCESS on the success path; empty on the failure path (the outcome is worked out from the flags).</summary>
    public string Status { get; set; } = "";

    /// <summary>Text of the "build" phase on success.</summary>
    public string Output { get; set; } = "";

    /// <summary>The compiler's SARIF file, for a failed compile phase.</summary>
    public string SarifFile { get; set; } = "";

    /// <summary>Project folder, to show diagnostics' paths relative to it.</summary>
    public string ProjectDirectory { get; set; } = "";

    /// <summary>Compilation started.</summary>
    public bool CompileStarted { get; set; }

    /// <summary>Compilation finished (succeeded or was up to date).</summary>
    public bool CompileFinished { get; set; }

    /// <summary>Project references were resolved (built).</summary>
    public bool ReferencesResolved { get; set; }

    /// <summary>The project has project references.</summary>
    public bool HasProjectReferences { get; set; }

    /// <summary>Failed requests warn and the build goes on.</summary>
    public bool KeepGoing { get; set; }

    /// <summary>Where KeepGoing saves what could not be sent.</summary>
    public string SaveLocalFolder { get; set; } = "";

    /// <summary>The build's id (a server's number or a local hex id) once everything was sent; empty when monitoring of this project failed.</summary>
    [Output]
    public string BuildId { get; set; } = "";

    /// <inheritdoc />
    protected override void Run()
    {
        if (!Session.Builds.TryGetValue(BuildKey, out var build) || build.Monitor is null)
            return;
        var outcome = Status.Trim().Length > 0
            ? BuildOutcome.Succeeded(Output.Length > 0 ? Output : $"{ProjectName} built.")
            : BuildOutcome.Failed(ProjectName, CompileStarted, CompileFinished, ReferencesResolved, HasProjectReferences);

        if (outcome.CompileFailed)
            Send(build, KeepGoing, SaveLocalFolder, MonitorPhase.Report(build, "compile", PhaseStatus.Error, "", SarifFile, ProjectDirectory));
        Send(build, KeepGoing, SaveLocalFolder, MonitorPhase.Report(build, "build", outcome.BuildPhaseStatus, outcome.Text, "", ProjectDirectory));
        Send(build, KeepGoing, SaveLocalFolder, cancellation => build.EndAsync(outcome.BuildStatus, cancellation));

        build.Ended = true;
        if (!Flush(build, KeepGoing))
            return;
        if (build.BuildId is null || build.Stopped)
            return;
        BuildId = build.BuildId;
        var where = build.Monitor is Client.SaveLocalWriter writer ? writer.Folder : "";
        Log.LogMessage(MessageImportance.High, $"SpackMon: {ProjectName} build {build.BuildId}: {outcome.BuildStatus}{(where.Length > 0 ? " (saved in " + where + ")" : "")}");
    }
}
