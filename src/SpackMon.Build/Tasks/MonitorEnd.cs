using Microsoft.Build.Framework;
using SpackMon.Build.Monitoring;
using SpackMon.Protocol;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Ends a monitored build: reports the "build" phase and the final status (<c>builds/update/</c>).
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

    /// <inheritdoc />
    protected override void Run()
    {
        if (!Session.Builds.TryGetValue(BuildKey, out var build) || build.Monitor is null || build.BuildId is null)
            return;
        var outcome = Status.Trim().Length > 0
            ? BuildOutcome.Succeeded(Output.Length > 0 ? Output : $"{ProjectName} built.")
            : BuildOutcome.Failed(ProjectName, CompileStarted, CompileFinished, ReferencesResolved, HasProjectReferences);

        if (outcome.CompileFailed)
        {
            var compile = MonitorPhase.Compose(this, build, "compile", PhaseStatus.Error, "", SarifFile, ProjectDirectory);
            Send(build, KeepGoing, SaveLocalFolder, () => build.ReportPhaseAsync("compile", PhaseStatus.Error, Redact(compile), CancellationToken));
        }
        var output = MonitorPhase.Compose(this, build, "build", outcome.BuildPhaseStatus, outcome.Text, "", ProjectDirectory);
        Send(build, KeepGoing, SaveLocalFolder, () => build.ReportPhaseAsync("build", outcome.BuildPhaseStatus, Redact(output), CancellationToken));
        Send(build, KeepGoing, SaveLocalFolder, () => build.EndAsync(outcome.BuildStatus, CancellationToken));
        Log.LogMessage(MessageImportance.High, $"SpackMon: {ProjectName} build {build.BuildId}: {outcome.BuildStatus}");
    }
}
