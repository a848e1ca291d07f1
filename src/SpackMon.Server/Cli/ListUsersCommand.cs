namespace SpackMon.Server.Cli;

/// <summary><c>spackmon list-users</c>: a table of users.</summary>
internal sealed class ListUsersCommand : CliCommand
{
    public override string Name => "list-users";

    public override string Summary => "list the users";

    public override string Help =>
        $"""
        usage: spackmon list-users [--db PATH | --postgres CONNSTR]

        Lists every user with the number of builds it owns and whether it has an API token.

        {DatabaseArguments.Help}
        """;

    public override IReadOnlyCollection<string> ValueOptions => DatabaseArguments.Options;

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        await using var store = await DatabaseArguments.OpenAsync(args, context.Cancellation);
        var users = await store.ListUsersAsync(context.Cancellation);
        await context.Out.WriteAsync(TextTable.Format(
            ["NAME", "BUILDS", "TOKEN", "ADDED"],
            users.Select(u => new[] { u.Name, u.Builds.ToString(System.Globalization.CultureInfo.InvariantCulture), u.HasToken ? "yes" : "no", u.AddDate })));
        return 0;
    }
}
