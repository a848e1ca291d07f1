using System.Globalization;

namespace SpackMon.Server.Cli;

/// <summary>Parsed arguments of one command: positionals, <c>--name value</c> (or <c>--name=value</c>) options and flags.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = new();

    /// <summary>Parses <paramref name="args"/> for <paramref name="command"/>; throws <see cref="CliUsageException"/> on anything unknown.</summary>
    public static CliArguments Parse(IReadOnlyList<string> args, CliCommand command)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                parsed.Positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                if (arg.StartsWith('-') && arg.Length > 1)
                    throw new CliUsageException($"unknown option {arg}");
                parsed.Positionals.Add(arg);
                continue;
            }
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (command.FlagOptions.Contains(name))
            {
                if (equals > 0)
                    throw new CliUsageException($"{name} takes no value");
                parsed._flags.Add(name);
            }
            else if (command.ValueOptions.Contains(name))
            {
                string value;
                if (equals > 0)
                    value = arg[(equals + 1)..];
                else if (i + 1 < args.Count)
                    value = args[++i];
                else
                    throw new CliUsageException($"{name} needs a value");
                if (!parsed._values.TryAdd(name, value))
                    throw new CliUsageException($"{name} is given twice");
            }
            else
            {
                throw new CliUsageException($"unknown option {name}");
            }
        }
        var (min, max) = command.Positionals;
        if (parsed.Positionals.Count < min)
            throw new CliUsageException(min == 1 ? "missing argument" : $"needs {min} arguments");
        if (parsed.Positionals.Count > max)
            throw new CliUsageException($"unexpected argument \"{parsed.Positionals[max]}\"");
        return parsed;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>An integer option within bounds, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        if (Value(name) is not { } text)
            return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new CliUsageException($"{name} must be an integer from {min} to {max}, not \"{text}\"");
        return value;
    }
}
