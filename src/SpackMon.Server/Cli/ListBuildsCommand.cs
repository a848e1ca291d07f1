using System.Globalization;

namespace SpackMon.Server.Cli;

/// <summary><c>spackmon list-builds</c>: the newest builds as a table.</summary>
internal sealed class ListBuildsCommand : CliCommand
{
    public override string Name => "list-builds";

    public override string Summary => "list the newest builds with their phases";

    public override string Help =>
        $"""
        usage: spackmon list-builds [--db PATH | --postgres CONNSTR] [--limit N]

        Lists the newest builds: id, spec name@version, status, owner, tags and phases (name:status).

        {DatabaseArguments.Help}
          --limit N                how many builds (default 50)
        """;

    public override IReadOnlyCollection<string> ValueOptions => [.. DatabaseArguments.Options, "--limit"];

    public override async Task<int> RunAsync(CliArguments args, CliContext context)
    {
        var limit = args.Int("--limit", 50, 1, 100_000);
        await using var store = await DatabaseArguments.OpenAsync(args, context.Cancellation);
        var (count, builds) = await store.ListBuildsAsync(0, limit, context.Cancellation);
        await context.Out.WriteAsync(TextTable.Format(
            ["ID", "SPEC", "STATUS", "OWNER", "TAGS", "PHASES"],
            builds.Select(b => new[]
            {
                b.Id.ToString(CultureInfo.InvariantCulture),
                $"{b.Spec.Name}@{b.Spec.Version}",
                b.Status,
                b.Owner,
                string.Join(",", b.Tags),
                string.Join(" ", b.Phases.Select(p => $"{p.Name}:{p.Status}")),
            })));
        if (count > builds.Count)
            await context.Error.WriteLineAsync($"({builds.Count} of {count} builds; --limit shows more)");
        return 0;
    }
}
