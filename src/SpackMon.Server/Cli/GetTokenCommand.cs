using SpackMon.Server.Auth;

namespace SpackMon.Server.Cli;

/// <summary><c>spackmon get-token NAME</c>: gives a user a new API token (the old one stops working).</summary>
internal sealed class GetTokenCommand : CliCommand
{
    public override string Name => "get-token";

    public override string Summary => "give a user a new API token and print it";

    public override string Help =>
        $"""
        usage: spackmon get-token NAME [--db PATH | --postgres CONNSTR]

        Tokens are stored as hashes, so an existing token cannot be shown again: this creates a NEW token for
        the user NAME, prints it alone on standard output, and the previous token stops working.

        {DatabaseArguments.Help}
        """;

    public override IReadOnlyCollection<string> ValueOptions => DatabaseArguments.Options;

    public override (int Min, int Max) Positionals => (1, 1);

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        var name = args.Positionals[0];
        await using var store = await DatabaseArguments.OpenAsync(args, context.Cancellation);
        var token = ApiTokens.Generate();
        if (!await store.SetUserTokenAsync(name, ApiTokens.Hash(token), context.Cancellation))
        {
            await context.Error.WriteLineAsync($"spackmon get-token: there is no user {name} in {store.Description}; \"spackmon add-user {name}\" creates it.");
            return 1;
        }
        await context.Out.WriteLineAsync(token);
        await context.Error.WriteLineAsync($"Replaced the token of {name}; the previous one no longer works.");
        return 0;
    }
}
