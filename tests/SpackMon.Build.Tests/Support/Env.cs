namespace SpackMon.Build.Tests.Support;

/// <summary>Sets environment variables for the length of a test and restores them (tests run one at a time).</summary>
public sealed class Env : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    public Env Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name))
            _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public static Env Credentials(string? user, string? token) =>
        new Env().Set("SPACKMON_USER", user).Set("SPACKMON_TOKEN", token);

    public void Dispose()
    {
        foreach (var kv in _saved)
            Environment.SetEnvironmentVariable(kv.Key, kv.Value);
    }
}
