using SpackMon.Server;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real server on a free loopback port with a fresh SQLite file, a user and its token, the read API, and
/// optionally a <see cref="RecordingProxy"/> in front (then builds talk to the proxy). One per test class.
/// </summary>
public sealed class MonitorFixture : IAsyncDisposable
{
    private MonitorFixture(MonitorServer server, MonitorCredentials credentials, RecordingProxy? proxy)
    {
        Server = server;
        Credentials = credentials;
        Proxy = proxy;
        Api = new MonitorApi(server.BaseAddress);
    }

    /// <summary>The running server.</summary>
    public MonitorServer Server { get; }

    /// <summary>A user of the server and its token.</summary>
    public MonitorCredentials Credentials { get; }

    /// <summary>The proxy in front of the server, when asked for.</summary>
    public RecordingProxy? Proxy { get; }

    /// <summary>The read API of the server.</summary>
    public MonitorApi Api { get; }

    /// <summary>What builds pass as SpackMonitorHost: the proxy when there is one, else the server.</summary>
    public string Host => (Proxy?.Address ?? Server.BaseAddress).ToString().TrimEnd('/');

    /// <summary>Starts a server with a fresh database in a new folder of the run.</summary>
    public static async Task<MonitorFixture> StartAsync(string name, Action<ServerOptions>? configure = null, bool withProxy = false)
    {
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            SqlitePath = Path.Combine(SuiteRun.NewFolder("server-" + name), "spackmon.db"),
        };
        configure?.Invoke(options);
        var server = await MonitorServer.StartAsync(options);
        var user = "e2e-" + name.ToLowerInvariant();
        var token = await server.AddUserAsync(user);
        var proxy = withProxy ? await RecordingProxy.StartAsync(server.BaseAddress) : null;
        return new MonitorFixture(server, new MonitorCredentials(user, token), proxy);
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> with monitoring on
    /// against this server, with the run's packages folder and, unless <paramref name="exportCredentials"/> is false,
    /// this server's credentials exported.
    /// </summary>
    public Task<ProcessResult> MonitoredAsync(string workingDirectory, IEnumerable<string> arguments, bool exportCredentials = true) =>
        Monitored.RunAsync(workingDirectory, arguments, Host, exportCredentials ? Credentials : null);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (Proxy is not null)
            await Proxy.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>Command lines of monitored builds, as a user types them.</summary>
public static class Monitored
{
    /// <summary>Options every build of the suite gets: no lingering MSBuild nodes, plain console output.</summary>
    public static readonly string[] CommonOptions = { "-nodeReuse:false", "-tl:off" };

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/> -p:SpackMonitor=true -p:SpackMonitorHost=<paramref name="host"/></c>
    /// (host omitted when null) with <paramref name="credentials"/> exported.
    /// </summary>
    public static Task<ProcessResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, string? host, MonitorCredentials? credentials)
    {
        var all = arguments.Concat(CommonOptions).Append("-p:SpackMonitor=true");
        if (host is not null)
            all = all.Append($"-p:SpackMonitorHost={host}");
        return SuiteRun.DotnetAsync(workingDirectory, ChildEnvironment.Create(SuiteRun.PackagesFolder, credentials), all.ToArray());
    }
}
