using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using SpackMon.Client;
using SpackMon.Protocol;

namespace SpackMon.Build.Monitoring;

/// <summary>
/// One monitored build of a project configuration. It remembers what it sent (spec, build environment,
/// phases, status) so that, when the server fails under KeepGoing, everything can be sent again to a
/// save-local folder and nothing is lost.
/// Requests are sent off the build's critical path: the tasks <see cref="Enqueue"/> them and go on, they are sent one
/// after the other in the order queued, and what the sending has to tell the user waits in <see cref="TakeLogs"/>
/// for the project's next task, the last of which (MonitorEnd) waits for the queue with <see cref="WaitForQueue"/>.
/// </summary>
public sealed class ProjectBuild
{
    private readonly object _gate = new();
    private readonly List<PhaseReport> _phases = new();
    private readonly Dictionary<string, DateTime> _started = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeferredLog> _logs = new();
    private Task _queue = Task.CompletedTask;

    /// <summary>Creates the record of project <paramref name="name"/>; nothing is sent until <see cref="Begin"/>.</summary>
    public ProjectBuild(string name) => Name = name;

    /// <summary>The project's name.</summary>
    public string Name { get; }

    /// <summary>Where messages go; null before <see cref="Begin"/>.</summary>
    public IBuildMonitor? Monitor { get; private set; }

    /// <summary>The build's id there; null until <c>builds/new/</c> answered (on the sender).</summary>
    public string? BuildId { get; private set; }

    /// <summary>The last final status sent, or null.</summary>
    public string? Status { get; private set; }

    /// <summary>A request failed and monitoring of this build stopped (without KeepGoing).</summary>
    public bool Stopped { get; set; }

    /// <summary>MonitorEnd ran: a phase reported after it (test, pack, publish) is waited for by the task that reports it.</summary>
    public bool Ended { get; set; }

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

    /// <summary>
    /// Queues <paramref name="send"/> after everything queued before it and returns at once. <paramref name="send"/>
    /// reports its failures through <see cref="Defer"/>; an exception it lets out is kept there as well.
    /// </summary>
    public void Enqueue(Func<Task> send)
    {
        lock (_gate)
            _queue = _queue.ContinueWith(_ => RunQueued(send), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Waits until everything queued so far was sent (or failed); false when <paramref name="bound"/> passed first.</summary>
    public bool WaitForQueue(TimeSpan bound, CancellationToken cancellationToken)
    {
        Task queue;
        lock (_gate)
            queue = _queue;
        return queue.Wait((int)Math.Min(int.MaxValue, bound.TotalMilliseconds), cancellationToken);
    }

    /// <summary>Keeps what the sending has to tell the user until a task of the project can log it.</summary>
    public void Defer(DeferredLog log) => _logs.Enqueue(log);

    /// <summary>What the sending had to tell the user since the last call, in order.</summary>
    public IEnumerable<DeferredLog> TakeLogs()
    {
        while (_logs.TryDequeue(out var log))
            yield return log;
    }

    private async Task RunQueued(Func<Task> send)
    {
        try
        {
            await send().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Defer(DeferredLog.Failure(e));
        }
    }

    /// <summary>Sets where this build is sent and what it is (the requests follow with <see cref="RegisterAsync"/>).</summary>
    public void Begin(IBuildMonitor monitor, NewSpecRequest spec, NewBuildRequest metadata)
    {
        Monitor = monitor;
        Spec = spec;
        Metadata = metadata;
    }

    /// <summary>Registers the spec and gets or creates the build.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        if (Monitor is null || Spec is null || Metadata is null)
            throw new InvalidOperationException("The build has not begun.");
        await Monitor.RegisterSpecAsync(Spec, cancellationToken).ConfigureAwait(false);
        BuildId = await Monitor.NewBuildAsync(Metadata, cancellationToken).ConfigureAwait(false);
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

/// <summary>Something the sending of a build has to tell the user, logged by the project's next task.</summary>
public sealed class DeferredLog
{
    private DeferredLog(MessageImportance? importance, bool isError, MonitorMessage? message, object?[] args, string? text, Exception? exception)
    {
        Importance = importance;
        IsError = isError;
        Message = message;
        Args = args;
        Text = text;
        Exception = exception;
    }

    /// <summary>Set for a plain message: its importance.</summary>
    public MessageImportance? Importance { get; }

    /// <summary>An error (else a warning), for a coded <see cref="Message"/>.</summary>
    public bool IsError { get; }

    /// <summary>The coded error or warning.</summary>
    public MonitorMessage? Message { get; }

    /// <summary>Its arguments.</summary>
    public object?[] Args { get; }

    /// <summary>The text of a plain message.</summary>
    public string? Text { get; }

    /// <summary>An exception the sending did not expect.</summary>
    public Exception? Exception { get; }

    /// <summary>A coded error.</summary>
    public static DeferredLog Error(MonitorMessage message, params object?[] args) => new(null, true, message, args, null, null);

    /// <summary>A coded warning.</summary>
    public static DeferredLog Warning(MonitorMessage message, params object?[] args) => new(null, false, message, args, null, null);

    /// <summary>A plain message.</summary>
    public static DeferredLog Info(string text, MessageImportance importance = MessageImportance.Normal) => new(importance, false, null, Array.Empty<object?>(), text, null);

    /// <summary>An exception the sending did not expect (logged as an error with its stack).</summary>
    public static DeferredLog Failure(Exception exception) => new(null, true, null, Array.Empty<object?>(), null, exception);
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
