using System.Collections.Concurrent;
using Microsoft.Build.Framework;
using SpackMon.Client;

namespace SpackMon.Build.Monitoring;

/// <summary>
/// What the monitor tasks share on one MSBuild node during one build: one <see cref="MonitorClient"/> per server
/// (so the JWT is fetched once per node), the save-local writers, and the record of every project build.
/// Registered with <see cref="IBuildEngine4.RegisterTaskObject"/> for the build's lifetime — never static, because
/// nodes live on between builds. MSBuild disposes it when the build ends: builds left open are then closed.
/// </summary>
public sealed class BuildSession : IDisposable
{
    private static readonly object RegistrationGate = new();
    private static readonly string Key = "SpackMon.Build.BuildSession/" + typeof(BuildSession).Assembly.GetName().Version;
    private readonly ConcurrentDictionary<string, MonitorClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SaveLocalWriter> _writers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Time limit of the requests sent when the build ends, per build.</summary>
    public static TimeSpan FinishTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The project builds of this node, by build key.</summary>
    public ConcurrentDictionary<string, ProjectBuild> Builds { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the build was cancelled (Ctrl+C).</summary>
    public bool Cancelled { get; private set; }

    /// <summary>Cancelled with the build: ends the requests of every project's sender at once.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>The session of this node and build, created on first use.</summary>
    public static BuildSession Of(IBuildEngine4 engine)
    {
        lock (RegistrationGate)
        {
            if (engine.GetRegisteredTaskObject(Key, RegisteredTaskObjectLifetime.Build) is BuildSession existing)
                return existing;
            var session = new BuildSession();
            engine.RegisterTaskObject(Key, session, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
            return session;
        }
    }

    /// <summary>The client of a server, shared by every task of this node during this build.</summary>
    public MonitorClient Client(string baseUrl, bool disableAuth, MonitorCredentials? credentials, TimeSpan timeout) =>
        _clients.GetOrAdd($"{baseUrl}|{disableAuth}|{credentials?.User}", _ => new MonitorClient(new MonitorClientOptions
        {
            Host = baseUrl,
            Prefix = "",
            DisableAuth = disableAuth,
            Credentials = credentials,
            Timeout = timeout,
        }));

    /// <summary>Makes <paramref name="client"/> the client of <paramref name="baseUrl"/> too (where a 302 moved it), so its JWT is reused.</summary>
    public void Remember(string baseUrl, bool disableAuth, MonitorCredentials? credentials, MonitorClient client) =>
        _clients.TryAdd($"{baseUrl}|{disableAuth}|{credentials?.User}", client);

    /// <summary>The writer of a save-local folder.</summary>
    public SaveLocalWriter Writer(string folder) => _writers.GetOrAdd(Path.GetFullPath(folder), f => new SaveLocalWriter(f));

    /// <summary>The record of a project build, created on first use.</summary>
    public ProjectBuild Build(string buildKey, string projectName) => Builds.GetOrAdd(buildKey, _ => new ProjectBuild(projectName));

    /// <summary>Notes that the build is being cancelled and ends the requests in flight.</summary>
    public void MarkCancelled()
    {
        Cancelled = true;
        _cancellation.Cancel();
    }

    /// <summary>
    /// Lets each build's sender finish, closes builds left open (a phase that never finished, no final status), then
    /// releases the clients.
    /// </summary>
    public void Dispose()
    {
        foreach (var build in Builds.Values)
        {
            try
            {
                using var timeout = new CancellationTokenSource(FinishTimeout);
                try
                {
                    if (!build.WaitForQueue(FinishTimeout, timeout.Token))
                        continue;
                    if (build.SpoolFolder is { } early && build.Monitor is MonitorClient && UndeliveredMarker.Exists(early))
                        build.MoveToAsync(Writer(early), timeout.Token).GetAwaiter().GetResult();
                    build.FinishAbandonedAsync(Cancelled, timeout.Token).GetAwaiter().GetResult();
                }
                catch (MonitorException e) when (build.SpoolFolder is { } folder)
                {
                    // KeepGoing: what the server did not take is saved with the rest of the build's undelivered record.
                    UndeliveredMarker.TryCreate(folder, e.Message);
                    build.MoveToAsync(Writer(folder), timeout.Token).GetAwaiter().GetResult();
                    build.FinishAbandonedAsync(Cancelled, timeout.Token).GetAwaiter().GetResult();
                }
            }
            catch (Exception e) when (e is MonitorException or OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                // Nothing can be logged once the build has ended; the server keeps the last status it got.
            }
        }
        foreach (var client in _clients.Values.Distinct())
            client.Dispose();
        _clients.Clear();
        _cancellation.Dispose();
    }
}
