namespace SpackMon.Server.Cli;

/// <summary>One command of the <c>spackmon</c> executable, registered in <see cref="SpackMonCli"/>.</summary>
internal abstract class CliCommand
{
    /// <summary>The word that selects the command, e.g. <c>serve</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }

    /// <summary>The full help text: usage line, then what each argument means.</summary>
    public abstract string Help { get; }

    /// <summary>Options followed by a value, e.g. <c>--db</c>.</summary>
    public virtual IReadOnlyCollection<string> ValueOptions => [];

    /// <summary>Options that stand alone, e.g. <c>--disable-auth</c>.</summary>
    public virtual IReadOnlyCollection<string> FlagOptions => [];

    /// <summary>How many positional arguments the command takes (at least, at most).</summary>
    public virtual (int Min, int Max) Positionals => (0, 0);

    /// <summary>Runs the command; throws <see cref="CliUsageException"/> for wrong arguments.</summary>
    public abstract Task<int> RunAsync(CliArguments args, CliContext context);
}

/// <summary>Where a command writes: the result alone on <see cref="Out"/>, everything else on <see cref="Error"/>.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken Cancellation);

/// <summary>Wrong command-line arguments: the message is shown with a pointer to the help, and the exit code is 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
