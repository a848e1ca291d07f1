using System.Data.Common;

namespace SpackMon.Server.Cli;

/// <summary>
/// The <c>spackmon</c> command line: <c>spackmon &lt;command&gt; [arguments]</c>. Exit codes: 0 success,
/// 1 failure, 2 wrong arguments.
/// </summary>
public static class SpackMonCli
{
    // One line per command; a new command is one class in this folder and one line here.
    private static readonly CliCommand[] Commands =
    [
        new ServeCommand(),
        new AddUserCommand(),
        new GetTokenCommand(),
        new ListUsersCommand(),
        new ListBuildsCommand(),
        new UploadCommand(),
    ];

    private static readonly Dictionary<string, CliCommand> ByName = Commands.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Runs one command line; writes results to <paramref name="stdout"/> and messages to <paramref name="stderr"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct = default)
    {
        if (args.Length == 0)
        {
            await stderr.WriteAsync(Overview());
            return 2;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            if (args.Length > 1 && ByName.TryGetValue(args[1], out var about))
                await stdout.WriteLineAsync(about.Help);
            else
                await stdout.WriteAsync(Overview());
            return 0;
        }
        if (args[0] is "--version")
        {
            await stdout.WriteLineAsync(MonitorServer.Version);
            return 0;
        }
        if (!ByName.TryGetValue(args[0], out var command))
        {
            await stderr.WriteLineAsync($"spackmon: unknown command \"{args[0]}\"\n");
            await stderr.WriteAsync(Overview());
            return 2;
        }
        var rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "--help" or "-h"))
        {
            await stdout.WriteLineAsync(command.Help);
            return 0;
        }
        try
        {
            return await command.RunAsync(CliArguments.Parse(rest, command), new CliContext(stdout, stderr, ct));
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"spackmon {command.Name}: {e.Message}\nRun \"spackmon {command.Name} --help\" for its usage.");
            return 2;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or DbException or IOException
                                      or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            await stderr.WriteLineAsync($"spackmon {command.Name}: {e.Message}");
            return 1;
        }
    }

    private static string Overview()
    {
        var width = Commands.Max(c => c.Name.Length) + 2;
        var lines = string.Join("\n", Commands.Select(c => "  " + c.Name.PadRight(width) + c.Summary));
        return $"""
            usage: spackmon <command> [arguments]

            Commands:
            {lines}

            "spackmon <command> --help" describes a command. Exit codes: 0 success, 1 failure, 2 wrong arguments.

            """;
    }
}
