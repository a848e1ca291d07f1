using Microsoft.Build.Framework;
using SpackMon.Build.Monitoring;
using SpackMon.Client;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Base of the monitor tasks: cancellation (Ctrl+C cancels requests at once), the node's <see cref="BuildSession"/>,
/// coded errors and warnings, and KeepGoing — a failed request becomes a warning and what was not sent is saved locally.
/// </summary>
public abstract class MonitorTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Time limit of each request, in seconds (<c>$(SpackMonitorTimeout)</c>).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How long a task waits for the project's sender, in seconds; 0 (the default) is twice <see cref="TimeoutSeconds"/> plus 10.</summary>
    public int FlushTimeoutSeconds { get; set; }

    /// <summary>How long a task waits for the project's sender: every request has its own time limit, and a failed one stops the rest.</summary>
    public TimeSpan FlushBound => TimeSpan.FromSeconds(FlushTimeoutSeconds > 0 ? FlushTimeoutSeconds : 2 * Timeout.TotalSeconds + 10);

    /// <summary>Cancelled when MSBuild cancels the task.</summary>
    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>This node's session for this build.</summary>
    protected BuildSession Session => BuildSession.Of((IBuildEngine4)BuildEngine);

    /// <summary>The time limit of each request.</summary>
    protected TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds > 0 ? TimeoutSeconds : 30);

    /// <summary>Cancels in-flight requests.</summary>
    public void Cancel()
    {
        if (BuildEngine is IBuildEngine4 engine)
            BuildSession.Of(engine).MarkCancelled();
        _cancellation.Cancel();
    }

    /// <inheritdoc />
    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            Log.LogMessage(MessageImportance.Normal, "SpackMon: cancelled.");
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work; exceptions other than cancellation propagate to MSBuild as task failures.</summary>
    protected abstract void Run();

    /// <summary>Logs a coded error.</summary>
    protected void Error(MonitorMessage message, params object?[] args) =>
        Log.LogError(null, message.Code, null, null, 0, 0, 0, 0, message.Format(args));

    /// <summary>Logs a coded warning.</summary>
    protected void Warning(MonitorMessage message, params object?[] args) =>
        Log.LogWarning(null, message.Code, null, null, 0, 0, 0, 0, message.Format(args));

    /// <summary>
    /// Queues <paramref name="send"/> on the build's sender (see <see cref="ProjectBuild.Enqueue"/>) and returns at once.
    /// With KeepGoing, once the monitor failed in this build (on any node), the build's record goes to
    /// <paramref name="saveLocalFolder"/> at once; a monitor failure is then one warning per build (the first), and the
    /// build's record is saved there and continues there. Without KeepGoing, a failure is an error and monitoring of the
    /// build stops. Those errors and warnings are logged by the project's next task (<see cref="ReportDeferred"/>).
    /// </summary>
    protected void Send(ProjectBuild build, bool keepGoing, string saveLocalFolder, Func<CancellationToken, Task> send)
    {
        var spool = keepGoing && !string.IsNullOrEmpty(saveLocalFolder);
        if (spool)
            build.SpoolFolder = saveLocalFolder;
        var session = Session;
        build.Enqueue(() => SendQueued(session, build, keepGoing, spool, saveLocalFolder, send));
    }

    private static async Task SendQueued(BuildSession session, ProjectBuild build, bool keepGoing, bool spool, string saveLocalFolder, Func<CancellationToken, Task> send)
    {
        var cancellation = session.Cancellation;
        try
        {
            if (spool && build.Monitor is MonitorClient && UndeliveredMarker.Exists(saveLocalFolder))
                await build.MoveToAsync(session.Writer(saveLocalFolder), cancellation).ConfigureAwait(false);
            await send(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            build.Defer(DeferredLog.Info("SpackMon: cancelled."));
        }
        catch (MonitorException e)
        {
            if (!spool)
            {
                build.Stopped = true;
                build.Defer(DeferredLog.Error(Messages.RequestFailed, e.Message, build.Name));
                return;
            }
            if (UndeliveredMarker.TryCreate(saveLocalFolder, e.Message))
                build.Defer(DeferredLog.Warning(Messages.RequestFailedKeepGoing, e.Message, build.Name, saveLocalFolder));
            else
                build.Defer(DeferredLog.Info($"SpackMon: {e.Message}; {build.Name} is saved in {saveLocalFolder} (SpackMonitorKeepGoing)."));
            try
            {
                await build.MoveToAsync(session.Writer(saveLocalFolder), cancellation).ConfigureAwait(false);
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException)
            {
                build.Stopped = true;
                build.Defer(DeferredLog.Warning(Messages.SaveLocalFailed, saveLocalFolder, io.Message));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Save-local mode: the folder cannot be written.
            build.Stopped = true;
            build.Defer(keepGoing ? DeferredLog.Warning(Messages.SaveLocalFailed, saveLocalFolder, e.Message) : DeferredLog.Error(Messages.SaveLocalFailed, saveLocalFolder, e.Message));
        }
    }

    /// <summary>
    /// Waits (within <see cref="FlushBound"/>) until everything queued for <paramref name="build"/> was sent, then logs how
    /// it went; false when the bound passed first (<c>SPACKMON009</c>: an error, or a warning with KeepGoing).
    /// </summary>
    protected bool Flush(ProjectBuild build, bool keepGoing)
    {
        var sent = build.WaitForQueue(FlushBound, CancellationToken);
        ReportDeferred(build);
        if (!sent)
        {
            if (keepGoing)
                Warning(Messages.SendingUnfinished, build.Name, FlushBound.TotalSeconds);
            else
                Error(Messages.SendingUnfinished, build.Name, FlushBound.TotalSeconds);
        }
        return sent;
    }

    /// <summary>Logs what the sending of <paramref name="build"/> had to tell the user since the last task of the project.</summary>
    protected void ReportDeferred(ProjectBuild build)
    {
        foreach (var log in build.TakeLogs())
        {
            if (log.Exception is { } exception)
                Log.LogErrorFromException(exception, showStackTrace: true);
            else if (log.Message is { } message && log.IsError)
                Error(message, log.Args);
            else if (log.Message is { } warning)
                Warning(warning, log.Args);
            else
                Log.LogMessage(log.Importance ?? MessageImportance.Normal, log.Text);
        }
    }

    /// <summary>
    /// Where a build that begins now sends: <paramref name="client"/>, or with KeepGoing the save-local folder when the
    /// monitor already failed in this build.
    /// </summary>
    protected IBuildMonitor Destination(IBuildMonitor client, bool keepGoing, string saveLocalFolder) =>
        keepGoing && UndeliveredMarker.Exists(saveLocalFolder) ? Session.Writer(saveLocalFolder) : client;

    /// <summary>Phase output with secrets masked: the token of the environment, URL passwords, NAME=secret pairs.</summary>
    protected static string? Redact(string? output) => OutputRedactor.Redact(output, MonitorCredentials.SecretsFromEnvironment());
}
