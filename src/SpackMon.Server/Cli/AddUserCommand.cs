namespace SpackMon.Server.Cli;

/// <summary><c>spackmon add-user NAME</c>: creates a user and prints its API token, once.</summary>
internal sealed class AddUserCommand : CliCommand
{
    public override string Name => "add-user";

    public override string Summary => "create a user and print its API token";

    public override string Help =>
        $"""
        usage: spackmon add-user NAME [--db PATH | --postgres CONNSTR]

        Creates the user NAME and prints its new API token alone on standard output. Only a hash of the token is
        stored, so this is the one time it is shown; "spackmon get-token NAME" replaces it with a new one.
        Clients send it as SPACKMON_USER=NAME SPACKMON_TOKEN=<token>.

        {DatabaseArguments.Help}
        """;

    public override IReadOnlyCollection<string> ValueOptions => DatabaseArguments.Options;

    public override (int Min, int Max) Positionals => (1, 1);

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        var name = args.Positionals[0];
        if (Auth.ApiTokens.ValidateUserName(name) is { } problem)
            throw new CliUsageException(problem);
        await using var store = await DatabaseArguments.OpenAsync(args, context.Cancellation);
        var token = await MonitorServer.AddUserAsync(store, name, context.Cancellation);
        await context.Out.WriteLineAsync(token);
        await context.Error.WriteLineAsync($"Created user {name} in {store.Description}.");
        return 0;
    }
}
