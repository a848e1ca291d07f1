namespace SpackMon.Server.Cli;

/// <summary><c>spackmon serve</c>: runs the server until Ctrl+C or SIGTERM.</summary>
internal sealed class ServeCommand : CliCommand
{
    public override string Name => "serve";

    public override string Summary => "run the Spack Monitor server";

    public override string Help =>
        $"""
        usage: spackmon serve [--urls URL] [--db PATH | --postgres CONNSTR] [--prefix P] [--moved-prefix P2]
                              [--disable-auth] [--token-lifetime SECONDS] [--jwt-key-file PATH] [--rate-limit N]

        Runs the Spack Monitor server (ms1 API, /auth/token/, /api/, the web UI at /) until Ctrl+C or SIGTERM.

          --urls URL               where to listen (default http://127.0.0.1:5000; port 0 picks a free port)
        {DatabaseArguments.Help}
          --prefix P               API prefix (default ms1)
          --moved-prefix P2        answer service info at /P/ with 302 to /P2/ and serve the API under /P2/ too
          --disable-auth           no authentication: nothing answers 401, builds belong to the user "spackmon"
          --token-lifetime SECONDS how long a token from /auth/token/ is valid (default 600)
          --jwt-key-file PATH      sign tokens with the key in PATH (text, at least 32 bytes; or set {JwtKeyVariable});
                                   without either, a random key is generated once and kept in the database
          --rate-limit N           requests a second per user to the write endpoints, more answer 429 (default 5000; 0: off)
        """;

    /// <summary>Environment variable holding the JWT signing key, for servers that get secrets from the environment.</summary>
    public const string JwtKeyVariable = "SPACKMON_JWT_KEY";

    public override IReadOnlyCollection<string> ValueOptions =>
        [.. DatabaseArguments.Options, "--urls", "--prefix", "--moved-prefix", "--token-lifetime", "--jwt-key-file", "--rate-limit"];

    public override IReadOnlyCollection<string> FlagOptions => ["--disable-auth"];

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        var options = DatabaseArguments.Apply(args, new ServerOptions
        {
            Urls = args.Value("--urls") ?? "http://127.0.0.1:5000",
            Prefix = args.Value("--prefix") ?? "ms1",
            MovedPrefix = args.Value("--moved-prefix"),
            DisableAuth = args.Flag("--disable-auth"),
            TokenLifetimeSeconds = args.Int("--token-lifetime", 600, 1, 7 * 24 * 3600),
            RateLimitPerSecond = args.Int("--rate-limit", 5000, 0, 1_000_000),
            JwtSigningKey = await SigningKeyAsync(args.Value("--jwt-key-file"), context.Cancellation),
        });
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
        await using var server = await MonitorServer.StartAsync(options, context.Cancellation);
        await context.Error.WriteLineAsync(
            $"spackmon {MonitorServer.Version} serving {server.BaseAddress.ToString().TrimEnd('/')}/{options.Prefix}/ " +
            $"with {server.StorageDescription}; authentication {(options.DisableAuth ? "disabled" : "enabled")}. Ctrl+C stops.");
        await context.Error.WriteLineAsync($"Web UI: {server.BaseAddress.ToString().TrimEnd('/')}/");
        await server.WaitForShutdownAsync(context.Cancellation);
        return 0;
    }

    // The key file's text (or the variable's), trimmed; its UTF-8 bytes are the HMAC key.
    private static async Task<byte[]?> SigningKeyAsync(string? file, CancellationToken ct)
    {
        var text = file is null ? Environment.GetEnvironmentVariable(JwtKeyVariable) : await File.ReadAllTextAsync(file, ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (file is not null)
                throw new CliUsageException($"--jwt-key-file {file} is empty.");
            return null;
        }
        var key = System.Text.Encoding.UTF8.GetBytes(text.Trim());
        if (key.Length < 32)
            throw new CliUsageException($"The JWT signing key {(file is null ? "in " + JwtKeyVariable : "in " + file)} must have at least 32 bytes (e.g. openssl rand -hex 32).");
        return key;
    }
}
