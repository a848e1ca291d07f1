using System.Data.Common;

namespace SpackMon.Server.Storage;

/// <summary>
/// The database schema as numbered migrations. A database records the last one applied in <c>schema_version</c>;
/// on start the missing ones run in one transaction. New versions are appended, never edited.
/// </summary>
internal static class Schema
{
    /// <summary>Migrations in order; <c>{ID}</c> stands for the dialect's primary key column.</summary>
    private static readonly string[][] Migrations =
    [
        [
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE users (id {ID}, name TEXT NOT NULL UNIQUE, token_hash TEXT, add_date TEXT NOT NULL)",
            """
            CREATE TABLE specs (id {ID}, full_hash TEXT NOT NULL, spack_version TEXT NOT NULL, name TEXT NOT NULL,
                version TEXT NOT NULL, namespace TEXT, hash TEXT, build_hash TEXT, package_hash TEXT,
                platform TEXT, platform_os TEXT, target TEXT, compiler_name TEXT, compiler_version TEXT,
                parameters TEXT, add_date TEXT NOT NULL, UNIQUE (full_hash, spack_version))
            """,
            "CREATE INDEX ix_specs_name ON specs (name)",
            """
            CREATE TABLE spec_dependencies (id {ID}, spec_id BIGINT NOT NULL REFERENCES specs (id),
                name TEXT NOT NULL, full_hash TEXT NOT NULL, dependency_spec_id BIGINT REFERENCES specs (id),
                types TEXT NOT NULL, UNIQUE (spec_id, name))
            """,
            "CREATE INDEX ix_spec_dependencies_dependency ON spec_dependencies (dependency_spec_id)",
            """
            CREATE TABLE build_environments (id {ID}, hostname TEXT NOT NULL, kernel_version TEXT NOT NULL,
                host_os TEXT NOT NULL, platform TEXT NOT NULL, host_target TEXT NOT NULL,
                UNIQUE (hostname, kernel_version, host_os, platform, host_target))
            """,
            """
            CREATE TABLE builds (id {ID}, spec_id BIGINT NOT NULL REFERENCES specs (id),
                build_environment_id BIGINT NOT NULL REFERENCES build_environments (id),
                owner_id BIGINT NOT NULL REFERENCES users (id), status TEXT NOT NULL, config_args TEXT,
                add_date TEXT NOT NULL, modify_date TEXT NOT NULL, UNIQUE (spec_id, build_environment_id, owner_id))
            """,
            "CREATE TABLE build_tags (build_id BIGINT NOT NULL REFERENCES builds (id), tag TEXT NOT NULL, PRIMARY KEY (build_id, tag))",
            """
            CREATE TABLE build_phases (id {ID}, build_id BIGINT NOT NULL REFERENCES builds (id), name TEXT NOT NULL,
                status TEXT NOT NULL, output TEXT, add_date TEXT NOT NULL, modify_date TEXT NOT NULL, UNIQUE (build_id, name))
            """,
            "CREATE TABLE build_envars (build_id BIGINT NOT NULL REFERENCES builds (id), name TEXT NOT NULL, value TEXT, PRIMARY KEY (build_id, name))",
            """
            CREATE TABLE install_files (id {ID}, build_id BIGINT NOT NULL REFERENCES builds (id), name TEXT NOT NULL,
                ftype TEXT, mode TEXT, owner TEXT, grp TEXT, hash TEXT, UNIQUE (build_id, name))
            """,
            """
            CREATE TABLE attributes (id {ID}, install_file_id BIGINT NOT NULL REFERENCES install_files (id),
                analyzer TEXT NOT NULL, name TEXT NOT NULL, value TEXT, json_value TEXT, binary_value TEXT,
                UNIQUE (install_file_id, analyzer, name))
            """,
        ],
        [
            // Errors and warnings extracted from a phase's output when it arrives (web UI, read API).
            """
            CREATE TABLE phase_diagnostics (id {ID}, phase_id BIGINT NOT NULL REFERENCES build_phases (id),
                build_id BIGINT NOT NULL REFERENCES builds (id), kind TEXT NOT NULL, code TEXT, text TEXT NOT NULL,
                source_file TEXT, source_line INTEGER, source_column INTEGER, log_line INTEGER NOT NULL,
                context_before TEXT NOT NULL, context_after TEXT NOT NULL, repeat_count INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_phase_diagnostics_phase ON phase_diagnostics (phase_id, log_line)",
            "CREATE INDEX ix_phase_diagnostics_build ON phase_diagnostics (build_id, kind)",
        ],
        [
            // The builds table's filters at a million builds: by status or owner newest first, by spec name (any
            // case), by tag, and the lists of owners and tags that the filters offer.
            "CREATE INDEX ix_builds_status ON builds (status, id)",
            "CREATE INDEX ix_builds_owner ON builds (owner_id, id)",
            "CREATE INDEX ix_specs_name_lower ON specs ((LOWER(name)))",
            "CREATE INDEX ix_build_tags_tag ON build_tags (tag, build_id)",
        ],
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Creates or migrates the schema; safe when several processes start at once.</summary>
    public static async Task MigrateAsync(Database database, CancellationToken ct)
    {
        await using var lease = await database.BeginWriteAsync(ct);
        var connection = lease.Connection;
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (database.MigrationLockSql is { } lockSql)
            await ExecuteAsync(connection, tx, lockSql, ct);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", ct);

        await using (var read = Command(connection, tx, "SELECT MAX(version) FROM schema_version"))
        {
            var current = await read.ExecuteScalarAsync(ct) is { } v and not DBNull ? Convert.ToInt32(v) : 0;
            if (current > LatestVersion)
                throw new InvalidOperationException(
                    $"The database {database.Description} has schema version {current}, newer than this server's {LatestVersion}; upgrade spackmon.");
            for (var version = current + 1; version <= LatestVersion; version++)
            {
                foreach (var statement in Migrations[version - 1])
                    await ExecuteAsync(connection, tx, statement.Replace("{ID}", database.IdColumn), ct);
                await ExecuteAsync(connection, tx, $"INSERT INTO schema_version (version) VALUES ({version})", ct);
            }
        }
        await tx.CommitAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
