using SpackMon.Server.Storage;

namespace SpackMon.Server.Cli;

/// <summary>
/// The database options every command shares: <c>--db PATH</c> or <c>--postgres CONNSTR</c>, falling back to
/// the environment (SPACKMON_DB, SPACKMON_POSTGRES) and then to the default SQLite file.
/// </summary>
internal static class DatabaseArguments
{
    public const string Help =
        """
          --db PATH                SQLite database file (default: $SPACKMON_DB, else <user data folder>/spackmon/spackmon.db)
          --postgres CONNSTR       PostgreSQL (Npgsql connection string) instead of SQLite (default: $SPACKMON_POSTGRES)
        """;

    public static readonly string[] Options = ["--db", "--postgres"];

    /// <summary>Fills the storage part of <paramref name="options"/> from the arguments and environment.</summary>
    public static ServerOptions Apply(CliArguments args, ServerOptions options)
    {
        var path = args.Value("--db");
        var postgres = args.Value("--postgres");
        if (path is not null && postgres is not null)
            throw new CliUsageException("give either --db or --postgres, not both");
        if (path is null && postgres is null)
        {
            postgres = Environment.GetEnvironmentVariable("SPACKMON_POSTGRES") is { Length: > 0 } p ? p : null;
            path = postgres is null && Environment.GetEnvironmentVariable("SPACKMON_DB") is { Length: > 0 } d ? d : null;
        }
        if (path is { Length: 0 } || postgres is { Length: 0 })
            throw new CliUsageException("the database option needs a non-empty value");
        options.SqlitePath = path;
        options.PostgresConnectionString = postgres;
        return options;
    }

    /// <summary>Opens the database the arguments name (creating or migrating it) without starting a server.</summary>
    public static Task<MonitorStore> OpenAsync(CliArguments args, CancellationToken ct) =>
        MonitorStore.OpenAsync(Apply(args, new ServerOptions()), ct);
}
