using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SpackMon.Server.Storage;

/// <summary>
/// The one place where SQLite and PostgreSQL differ: how connections open, the id column, how writers are
/// serialized and which errors are worth a retry. Everything else is portable SQL in <see cref="MonitorStore"/>.
/// </summary>
internal abstract class Database : IAsyncDisposable
{
    /// <summary>Human-readable location, for messages.</summary>
    public abstract string Description { get; }

    /// <summary>DDL of an auto-assigned 64-bit primary key.</summary>
    public abstract string IdColumn { get; }

    /// <summary>Opens a connection with the session settings applied.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// The connection of one write transaction, held until the lease is disposed: on SQLite the one writer connection
    /// (writers queue for it), on PostgreSQL a pooled connection of its own.
    /// </summary>
    public abstract Task<WriteLease> BeginWriteAsync(CancellationToken ct);

    /// <summary>Whether a failed write transaction may succeed when run again.</summary>
    public abstract bool IsTransient(Exception e);

    /// <summary>Statement run inside the migration transaction so two processes never migrate at once.</summary>
    public abstract string? MigrationLockSql { get; }

    public abstract ValueTask DisposeAsync();

    public static Database Create(ServerOptions options) => options.PostgresConnectionString is { } pg
        ? new PostgresDatabase(pg)
        : new SqliteDatabase(options.SqlitePath ?? ServerOptions.DefaultSqlitePath);
}

/// <summary>SQLite in WAL mode with synchronous=FULL: a committed answer survives a crash.</summary>
internal sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    // SQLite has one writer at a time anyway; queueing writers here avoids busy-waiting inside SQLite, and the one
    // writer connection stays open, so that a write pays for no open and no session settings.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private DbConnection? _writeConnection;

    public SqliteDatabase(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        Description = "SQLite " + full;
    }

    public override string Description { get; }

    public override string IdColumn => "INTEGER PRIMARY KEY";

    public override string? MigrationLockSql => null;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            using var pragmas = connection.CreateCommand();
            // busy_timeout covers other processes (the CLI) writing while the server runs.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            await pragmas.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<WriteLease> BeginWriteAsync(CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            if (_writeConnection is { State: not System.Data.ConnectionState.Open } broken)
            {
                await broken.DisposeAsync();
                _writeConnection = null;
            }
            _writeConnection ??= await OpenAsync(ct);
            return new WriteLease(_writeConnection, () =>
            {
                _writer.Release();
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    public override bool IsTransient(Exception e) =>
        e is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED

    public override async ValueTask DisposeAsync()
    {
        await _writer.WaitAsync();
        try
        {
            if (_writeConnection is not null)
                await _writeConnection.DisposeAsync();
            _writeConnection = null;
        }
        finally
        {
            _writer.Release();
        }
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>PostgreSQL through one Npgsql data source (its own connection pool).</summary>
internal sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _dataSource = NpgsqlDataSource.Create(builder);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override string Description { get; }

    public override string IdColumn => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";

    public override string? MigrationLockSql => "SELECT pg_advisory_xact_lock(7715301)";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task<WriteLease> BeginWriteAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        return new WriteLease(connection, connection.DisposeAsync);
    }

    // 40P01 deadlock, 40001 serialization failure, 23505 unique violation outside ON CONFLICT (a race on a later statement).
    public override bool IsTransient(Exception e) =>
        e is PostgresException { SqlState: "40P01" or "40001" or "23505" };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}

/// <summary>A connection lent for one write transaction; disposing it gives it back.</summary>
internal sealed class WriteLease(DbConnection connection, Func<ValueTask> release) : IAsyncDisposable
{
    private int _released;

    public DbConnection Connection => connection;

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}
