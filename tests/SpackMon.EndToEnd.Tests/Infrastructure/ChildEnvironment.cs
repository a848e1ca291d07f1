using System.Collections;

namespace SpackMon.EndToEnd.Tests.Infrastructure;

/// <summary>Credentials a monitored build exports, as a user would: SPACKMON_USER and SPACKMON_TOKEN.</summary>
public sealed record MonitorCredentials(string User, string Token);

/// <summary>
/// The environment of a child <c>dotnet</c> process: the test host's, less what would make the child behave unlike a
/// user's shell (MSBuild and test-host variables that <c>dotnet test</c> sets, any SPACKMON_* or SpackMonitor*
/// variable of the developer's shell), plus what each test sets explicitly.
/// </summary>
public static class ChildEnvironment
{
    private static readonly string[] LeakedPrefixes = { "MSBUILD", "DOTNET_CLI_", "VSTEST", "TESTINGPLATFORM", "SPACKMON", "NUGET_PACKAGES" };

    /// <summary>A fresh environment; <paramref name="packagesFolder"/> becomes NUGET_PACKAGES when given.</summary>
    public static Dictionary<string, string> Create(string? packagesFolder = null, MonitorCredentials? credentials = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (!LeakedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                environment[name] = (string?)variable.Value ?? "";
        }
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (packagesFolder is not null)
            environment["NUGET_PACKAGES"] = packagesFolder;
        if (credentials is not null)
        {
            environment["SPACKMON_USER"] = credentials.User;
            environment["SPACKMON_TOKEN"] = credentials.Token;
        }
        return environment;
    }
}
