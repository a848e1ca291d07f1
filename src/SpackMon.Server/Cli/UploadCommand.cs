using SpackMon.Client;

namespace SpackMon.Server.Cli;

/// <summary>
/// <c>spackmon upload DIR --host URL</c>: sends a save-local folder (SpackMon.Build's <c>SpackMonitorSaveLocal</c>, or spack's
/// <c>--monitor-save-local</c>) to a server, like <c>spack monitor upload</c>. Credentials from SPACKMON_USER / SPACKMON_TOKEN.
/// </summary>
internal sealed class UploadCommand : CliCommand
{
    public override string Name => "upload";

    public override string Summary => "send a save-local folder to a server";

    public override string Help =>
        """
        usage: spackmon upload DIR --host URL [--prefix ms1] [--disable-auth]

        Sends what a monitored build saved locally (-p:SpackMonitorSaveLocal=true, or spack's --monitor-save-local)
        to the server at URL: for each spec file the spec, then its builds, their phases and their statuses,
        mapping local build ids to the server's. DIR may be one dated folder or the folder holding several;
        every file is checked before anything is sent, and a file that cannot be read is named. Running it again
        is safe: the server gets or creates specs and builds and overwrites phases, so nothing is recorded twice
        and an interrupted upload completes. A build's KeepGoing folder (named in its SPACKMON004 warning) uploads the same way.

          --host URL       the server, e.g. http://127.0.0.1:5000
          --prefix P       the API prefix (default ms1)
          --disable-auth   the server runs without authentication: send no credentials

        Credentials come from the environment variables SPACKMON_USER and SPACKMON_TOKEN.
        """;

    public override IReadOnlyCollection<string> ValueOptions => ["--host", "--prefix"];

    public override IReadOnlyCollection<string> FlagOptions => ["--disable-auth"];

    public override (int Min, int Max) Positionals => (1, 1);

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        var host = args.Value("--host") ?? throw new CliUsageException("--host URL is required.");
        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new CliUsageException($"--host must be an http or https URL, not \"{host}\".");
        var disableAuth = args.Flag("--disable-auth");
        var credentials = MonitorCredentials.FromEnvironment();
        if (credentials is null && !disableAuth)
        {
            await context.Error.WriteLineAsync("spackmon upload: You are required to export SPACKMON_TOKEN and SPACKMON_USER");
            return 1;
        }

        using var client = new MonitorClient(new MonitorClientOptions
        {
            Host = host,
            Prefix = args.Value("--prefix") ?? "ms1",
            DisableAuth = disableAuth,
            Credentials = credentials,
        });
        try
        {
            await client.GetServiceInfoAsync(context.Cancellation);
            var summary = await new SaveLocalUploader(client, line => context.Error.WriteLine("==> " + line))
                .UploadAsync(args.Positionals[0], context.Cancellation);
            await context.Out.WriteLineAsync($"Uploaded {summary} to {client.BaseUrl}");
            return 0;
        }
        catch (Exception e) when (e is MonitorException or SaveLocalFormatException or DirectoryNotFoundException)
        {
            await context.Error.WriteLineAsync("spackmon upload: " + e.Message);
            return 1;
        }
    }
}
