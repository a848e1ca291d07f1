namespace SpackMon.Client;

/// <summary>
/// A Spack Monitor user and API token. They come from the environment only (<c>SPACKMON_USER</c>,
/// <c>SPACKMON_TOKEN</c>), never from MSBuild properties, so the token cannot reach a log or a binary log.
/// </summary>
public sealed class MonitorCredentials
{
    /// <summary>Environment variable holding the user name.</summary>
    public const string UserVariable = "SPACKMON_USER";

    /// <summary>Environment variable holding the API token.</summary>
    public const string TokenVariable = "SPACKMON_TOKEN";

    /// <summary>Creates credentials.</summary>
    public MonitorCredentials(string user, string token)
    {
        User = user;
        Token = token;
    }

    /// <summary>The user name.</summary>
    public string User { get; }

    /// <summary>The API token; internal so that no caller can log it by accident.</summary>
    internal string Token { get; }

    /// <summary>The credentials of <c>SPACKMON_USER</c> and <c>SPACKMON_TOKEN</c>, or null when either is missing or empty.</summary>
    public static MonitorCredentials? FromEnvironment()
    {
        var user = Environment.GetEnvironmentVariable(UserVariable);
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return string.IsNullOrWhiteSpace(user) || string.IsNullOrWhiteSpace(token) ? null : new MonitorCredentials(user!.Trim(), token!.Trim());
    }

    /// <summary>Texts that must never be logged or uploaded: the token as set in the environment.</summary>
    public static IReadOnlyList<string> SecretsFromEnvironment()
    {
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return string.IsNullOrWhiteSpace(token) ? Array.Empty<string>() : new[] { token!.Trim() };
    }

    /// <summary>The user name only: the token is never part of a text.</summary>
    public override string ToString() => User + " (token hidden)";
}
