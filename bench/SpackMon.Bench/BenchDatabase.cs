using Npgsql;
using SpackMon.Server;

namespace SpackMon.Bench;

/// <summary>A fresh, empty database for each measurement: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
public abstract class BenchDatabase
{
    /// <summary>"SQLite" or "PostgreSQL".</summary>
    public abstract string Kind { get; }

    /// <summary>Server options pointing at a new empty database.</summary>
    public abstract Task<ServerOptions> CreateAsync();

    /// <summary>Removes the database of <paramref name="options"/>.</summary>
    public abstract Task DropAsync(ServerOptions options);

    /// <summary>SQLite, and PostgreSQL when <c>SPACKMON_BENCH_POSTGRES</c> (or the tests' <c>SPACKMON_TEST_POSTGRES</c>) names a server.</summary>
    public static List<BenchDatabase> Available()
    {
        var list = new List<BenchDatabase> { new Sqlite() };
        var postgres = Environment.GetEnvironmentVariable("SPACKMON_BENCH_POSTGRES") is { Length: > 0 } b ? b
            : Environment.GetEnvironmentVariable("SPACKMON_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(postgres))
            list.Add(new Postgres(postgres));
        else
            Console.Error.WriteLine("  (PostgreSQL skipped: set SPACKMON_BENCH_POSTGRES to an admin connection string, e.g. what tests/run.sh starts)");
        return list;
    }

    private sealed class Sqlite : BenchDatabase
    {
        public override string Kind => "SQLite";

        public override Task<ServerOptions> CreateAsync()
        {
            var folder = Path.Combine(Path.GetTempPath(), "spackmon-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            return Task.FromResult(new ServerOptions { SqlitePath = Path.Combine(folder, "spackmon.db") });
        }

        public override Task DropAsync(ServerOptions options)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(options.SqlitePath!)!, recursive: true);
            return Task.CompletedTask;
        }
    }

    private sealed class Postgres(string admin) : BenchDatabase
    {
        public override string Kind => "PostgreSQL";

        public override async Task<ServerOptions> CreateAsync()
        {
            var name = "spackmon_bench_" + Guid.NewGuid().ToString("N")[..12];
            await ExecuteAsync($"CREATE DATABASE {name}");
            return new ServerOptions { PostgresConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString() };
        }

        public override async Task DropAsync(ServerOptions options)
        {
            var name = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString).Database;
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }

        private async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
