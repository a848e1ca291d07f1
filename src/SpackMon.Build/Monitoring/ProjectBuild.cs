using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Monitoring;

/// <summary>
/// One monitored build of a project configuration. It remembers what it sent (spec, build environment,
/// phases, status) so that, when the server fails under KeepGoing, everything can be sent again to a
/// save-local folder and nothing is lost.
/// </summary>
public sealed class ProjectBuild
{
    private readonly object _gate = new();
    private readonly List<PhaseReport> _phases = new();
    private readonly Dictionary<string, DateTime> _started = new(StringComparer.Ordinal);

    /// <summary>Creates the record of project <paramref name="name"/>; nothing is sent until <see cref="BeginAsync"/>.</summary>
    public ProjectBuild(string name) => Name = name;

    /// <summary>The project's name.</summary>
    public string Name { get; }

    /// <summary>Where messages go; null before <see cref="BeginAsync"/>.</summary>
    public IBuildMonitor? Monitor { get; private set; }

    /// <summary>The build's id there; null until <c>builds/new/</c> answered.</summary>
    public string? BuildId { get; private set; }

    /// <summary>The last final status sent, or null.</summary>
    public string? Status { get; private set; }

    /// <summary>A request failed and monitoring of this build stopped (without KeepGoing).</summary>
    public bool Stopped { get; set; }

    /// <summary>Where, under KeepGoing, this build's record goes when the monitor fails; null without KeepGoing.</summary>
    public string? SpoolFolder { get; set; }

    /// <summary>The spec registered for this build.</summary>
    public NewSpecRequest? Spec { get; private set; }

    /// <summary>The build environment and spec hash of this build.</summary>
    public NewBuildRequest? Metadata { get; private set; }

    /// <summary>Phases reported so far, in order (a repeat replaces the earlier report).</summary>
    public IReadOnlyList<PhaseReport> Phases
    {
        get { lock (_gate) return _phases.ToList(); }
    }

    /// <summary>Phases that started and have not been reported.</summary>
    public IReadOnlyList<string> OpenPhases
    {
        get { lock (_gate) return _started.Keys.OrderBy(p => _started[p]).ToList(); }
    }

    /// <summary>Notes that <paramref name="phase"/> started at <paramref name="time"/> (for its duration, and to report it if the build stops during it).</summary>
    public void StartPhase(string phase, DateTime time)
    {
        lock (_gate)
            _started[phase] = time;
    }

    /// <summary>How long <paramref name="phase"/> has been running, or null when it was not started.</summary>
    public TimeSpan? Elapsed(string phase, DateTime now)
    {
        lock (_gate)
            return _started.TryGetValue(phase, out var start) ? now - start : null;
    }

    /// <summary>Registers the spec and gets or creates the build.</summary>
    public async Task BeginAsync(IBuildMonitor monitor, NewSpecRequest spec, NewBuildRequest metadata, CancellationToken cancellationToken)
    {
        Monitor = monitor;
        Spec = spec;
        Metadata = metadata;
        await monitor.RegisterSpecAsync(spec, cancellationToken).ConfigureAwait(false);
        BuildId = await monitor.NewBuildAsync(metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reports a phase (remembered first, so that a failed send can be replayed elsewhere).</summary>
    public async Task ReportPhaseAsync(string phase, string status, string? output, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _started.Remove(phase);
            var index = _phases.FindIndex(p => p.Name == phase);
            var report = new PhaseReport(phase, status, output);
            if (index >= 0)
                _phases[index] = report;
            else
                _phases.Add(report);
        }
        if (CanSend)
            await Monitor!.UpdatePhaseAsync(BuildId!, phase, status, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the build's final status.</summary>
    public async Task EndAsync(string status, CancellationToken cancellationToken)
    {
        Status = status;
        if (CanSend)
            await Monitor!.UpdateBuildAsync(BuildId!, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends everything reported so far to <paramref name="monitor"/> instead and keeps sending there.</summary>
    public async Task MoveToAsync(IBuildMonitor monitor, CancellationToken cancellationToken)
    {
        if (Spec is null || Metadata is null)
            throw new InvalidOperationException("The build has not begun.");
        Monitor = monitor;
        Stopped = false;
        await monitor.RegisterSpecAsync(Spec, cancellationToken).ConfigureAwait(false);
        BuildId = await monitor.NewBuildAsync(Metadata, cancellationToken).ConfigureAwait(false);
        foreach (var phase in Phases)
            await monitor.UpdatePhaseAsync(BuildId, phase.Name, phase.Status, phase.Output, cancellationToken).ConfigureAwait(false);
        if (Status is not null)
            await monitor.UpdateBuildAsync(BuildId, Status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// At the end of the build: phases that started and were never reported (the build stopped during them)
    /// become ERROR and the build FAILED — or CANCELLED when the build was cancelled.
    /// </summary>
    public async Task FinishAbandonedAsync(bool buildCancelled, CancellationToken cancellationToken)
    {
        if (!CanSend)
            return;
        var open = OpenPhases;
        foreach (var phase in open)
            await ReportPhaseAsync(phase, PhaseStatus.Error,
                buildCancelled ? $"The {phase} phase was cancelled." : $"The {phase} phase did not complete: the build stopped during it. Its errors are in the build's log.",
                cancellationToken).ConfigureAwait(false);
        if (open.Count > 0 || Status is null)
            await EndAsync(buildCancelled ? BuildStatus.Cancelled : BuildStatus.Failed, cancellationToken).ConfigureAwait(false);
    }

    private bool CanSend => Monitor is not null && BuildId is not null && !Stopped;
}

/// <summary>A phase as reported.</summary>
public sealed class PhaseReport(string name, string status, string? output)
{
    /// <summary>Phase name.</summary>
    public string Name { get; } = name;
    /// <summary>Its status.</summary>
    public string Status { get; } = status;
    /// <summary>Its output.</summary>
    public string? Output { get; } = output;
}
