using Npgsql;

namespace SpackMon.Server.Tests.Support;

/// <summary>Fresh, empty databases for servers under test, removed again at cleanup.</summary>
public abstract class TestDatabases : IAsyncDisposable
{
    /// <summary>Options for a server on a new empty database.</summary>
    public abstract Task<ServerOptions> CreateAsync();

    public abstract ValueTask DisposeAsync();
}

/// <summary>One temp folder per test class, one SQLite file per server.</summary>
public sealed class SqliteTestDatabases : TestDatabases
{
    private readonly string _folder = Directory.CreateTempSubdirectory("spackmon-tests-").FullName;
    private int _count;

    public override Task<ServerOptions> CreateAsync() => Task.FromResult(new ServerOptions
    {
        Urls = "http://127.0.0.1:0",
        SqlitePath = Path.Combine(_folder, $"db{Interlocked.Increment(ref _count)}.sqlite"),
    });

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// New databases on the PostgreSQL server of SPACKMON_TEST_POSTGRES (a connection string whose user may
/// CREATE DATABASE), dropped at cleanup.
/// </summary>
public sealed class PostgresTestDatabases : TestDatabases
{
    public const string Variable = "SPACKMON_TEST_POSTGRES";
    public const string SkipMessage = "PostgreSQL tests need SPACKMON_TEST_POSTGRES; tests/run.sh sets it";

    private readonly string _admin;
    private readonly List<string> _created = new();

    private PostgresTestDatabases(string admin) => _admin = admin;

    /// <summary>Null when the environment names no PostgreSQL server.</summary>
    public static PostgresTestDatabases? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? new PostgresTestDatabases(cs) : null;

    public override async Task<ServerOptions> CreateAsync()
    {
        var name = "spackmon_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        lock (_created)
            _created.Add(name);
        return new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            PostgresConnectionString = new NpgsqlConnectionStringBuilder(_admin) { Database = name }.ToString(),
        };
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        foreach (var name in _created)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
