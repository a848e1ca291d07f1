namespace SpackMon.Server;

/// <summary>How a <see cref="MonitorServer"/> listens, stores and authenticates.</summary>
public sealed class ServerOptions
{
    /// <summary>Where Kestrel listens; <c>http://127.0.0.1:0</c> picks any free port.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5000";

    /// <summary>The SQLite database file; default <c>&lt;user data folder&gt;/spackmon/spackmon.db</c>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>An Npgsql connection string; when set, PostgreSQL is used instead of SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The API prefix, <c>ms1</c> by default.</summary>
    public string Prefix { get; set; } = "ms1";

    /// <summary>
    /// When set, service info at <c>/{Prefix}/</c> answers 302 with <c>Location: /{MovedPrefix}/</c>,
    /// and the API also lives under <c>/{MovedPrefix}/</c>.
    /// </summary>
    public string? MovedPrefix { get; set; }

    /// <summary>Turns authentication off: nothing answers 401 and builds belong to one default user.</summary>
    public bool DisableAuth { get; set; }

    /// <summary>How long a JWT from <c>/auth/token/</c> stays valid.</summary>
    public int TokenLifetimeSeconds { get; set; } = 600;

    /// <summary>Largest request body accepted; larger bodies answer 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Requests a second each user may make to the protected endpoints (bursts of as many); more answer 429 with
    /// <c>Retry-After</c>. 0 turns the limit off. The default is far above what builds and benchmarks send.
    /// </summary>
    public int RateLimitPerSecond { get; set; } = 5000;

    /// <summary>
    /// The key that signs JWTs (at least 32 bytes). When null, a random key is generated once and kept in the
    /// database, so that sessions stay valid across restarts and across servers sharing the database.
    /// </summary>
    public byte[]? JwtSigningKey { get; set; }

    /// <summary>The SQLite path used when neither a path nor a PostgreSQL connection string is given.</summary>
    public static string DefaultSqlitePath
    {
        get
        {
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(data))
                data = Directory.GetCurrentDirectory();
            return Path.Combine(data, "spackmon", "spackmon.db");
        }
    }

    internal void Validate()
    {
        if (!IsPrefix(Prefix))
            throw new ArgumentException($"The prefix \"{Prefix}\" must be one path segment of letters, digits, '-', '_' or '.'.");
        if (MovedPrefix is not null && (!IsPrefix(MovedPrefix) || MovedPrefix == Prefix))
            throw new ArgumentException($"The moved prefix \"{MovedPrefix}\" must be one path segment different from \"{Prefix}\".");
        if (TokenLifetimeSeconds < 1)
            throw new ArgumentException("The token lifetime must be at least 1 second.");
        if (MaxRequestBodyBytes < 1024)
            throw new ArgumentException("The request body limit must be at least 1024 bytes.");
        if (RateLimitPerSecond < 0)
            throw new ArgumentException("The rate limit must be 0 (off) or a positive number of requests a second.");
        if (JwtSigningKey is { Length: < 32 })
            throw new ArgumentException("The JWT signing key must have at least 32 bytes.");
        if (SqlitePath is not null && PostgresConnectionString is not null)
            throw new ArgumentException("Give either a SQLite path or a PostgreSQL connection string, not both.");
    }

    private static bool IsPrefix(string? p) =>
        !string.IsNullOrEmpty(p) && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && p is not "api" and not "auth" and not "." and not "..";
}
