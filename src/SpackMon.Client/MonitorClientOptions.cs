namespace SpackMon.Client;

/// <summary>Where the monitor is and how to talk to it; mirrors spack's <c>--monitor-*</c> flags.</summary>
public sealed class MonitorClientOptions
{
    /// <summary>Server URL (<c>--monitor-host</c>).</summary>
    public string Host { get; set; } = "http://127.0.0.1";

    /// <summary>API prefix (<c>--monitor-prefix</c>).</summary>
    public string Prefix { get; set; } = "ms1";

    /// <summary>The server runs without authentication: send no credentials (<c>--monitor-disable-auth</c>).</summary>
    public bool DisableAuth { get; set; }

    /// <summary>User and token for the token endpoint; required unless <see cref="DisableAuth"/>.</summary>
    public MonitorCredentials? Credentials { get; set; }

    /// <summary>Time limit of every request: a monitor problem must never hang a build.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base URL <c>{host}/{prefix}</c> without a trailing slash.</summary>
    public string BaseUrl
    {
        get
        {
            var prefix = Prefix.Trim('/');
            var host = Host.TrimEnd('/');
            return prefix.Length == 0 ? host : host + "/" + prefix;
        }
    }
}
