using SpackMon.Protocol;
using Protocol = SpackMon.Protocol;

namespace SpackMon.Build.Monitoring;

/// <summary>How a project build ended, as reported: the final status, the status of the "build" phase and its text, and whether compile failed.</summary>
public sealed class BuildOutcome
{
    private BuildOutcome(string buildStatus, string buildPhaseStatus, bool compileFailed, string text)
    {
        BuildStatus = buildStatus;
        BuildPhaseStatus = buildPhaseStatus;
        CompileFailed = compileFailed;
        Text = text;
    }

    /// <summary>Final status of the build (<c>builds/update/</c>).</summary>
    public string BuildStatus { get; }

    /// <summary>Status of the "build" phase (the end of the build).</summary>
    public string BuildPhaseStatus { get; }

    /// <summary>The compile phase failed and is reported as ERROR with the compiler's diagnostics.</summary>
    public bool CompileFailed { get; }

    /// <summary>The text of the "build" phase.</summary>
    public string Text { get; }

    /// <summary>The build succeeded.</summary>
    public static BuildOutcome Succeeded(string text) => new(Protocol.BuildStatus.Success, PhaseStatus.Success, false, text);

    /// <summary>
    /// The build failed: in compile when compile started and did not finish; CANCELLED when a project reference
    /// failed (references never resolved); otherwise FAILED in a step of its own before compile.
    /// </summary>
    public static BuildOutcome Failed(string project, bool compileStarted, bool compileFinished, bool referencesResolved, bool hasProjectReferences)
    {
        if (compileStarted && !compileFinished)
            return new BuildOutcome(Protocol.BuildStatus.Failed, PhaseStatus.Error, true, $"The build of {project} failed: compilation failed.");
        if (hasProjectReferences && !referencesResolved)
            return new BuildOutcome(Protocol.BuildStatus.Cancelled, PhaseStatus.Cancelled, false, $"{project} was not built: a project it references failed to build.");
        return new BuildOutcome(Protocol.BuildStatus.Failed, PhaseStatus.Error, false, $"The build of {project} failed; the failing step is in the build's log.");
    }
}
