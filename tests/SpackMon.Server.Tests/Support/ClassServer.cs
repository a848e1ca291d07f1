namespace SpackMon.Server.Tests.Support;

/// <summary>
/// The databases and the shared server of one test class: SQLite, or PostgreSQL when it is configured (without it,
/// no server, and the class's tests report themselves inconclusive).
/// </summary>
public sealed class ClassServer : IAsyncDisposable
{
    private ClassServer(TestDatabases? databases, ServerUnderTest? server)
    {
        Databases = databases;
        Server = server;
    }

    /// <summary>Where the class's databases are made; null when PostgreSQL is not configured.</summary>
    public TestDatabases? Databases { get; }

    /// <summary>The server the class's tests share; null when there are no databases.</summary>
    public ServerUnderTest? Server { get; }

    /// <summary>Starts the shared server on <paramref name="databases"/> with <paramref name="start"/>, by default with the users alice and bob.</summary>
    public static async Task<ClassServer> StartAsync(TestDatabases? databases, Func<TestDatabases, Task<ServerUnderTest>>? start = null)
    {
        if (databases is null)
            return new ClassServer(null, null);
        start ??= d => ServerUnderTest.StartAsync(d, null, "alice", "bob");
        return new ClassServer(databases, await start(databases));
    }

    /// <summary>Stops the server and removes the databases.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
            await Server.DisposeAsync();
        if (Databases is not null)
            await Databases.DisposeAsync();
    }
}
