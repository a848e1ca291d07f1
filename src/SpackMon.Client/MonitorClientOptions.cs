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

    /// <summary>
    /// Tries of a request that failed transiently (connection refused or reset, 502, 503, 504, 429): small, so that a
    /// dead server costs a build well under a second per failed delivery. Service info is tried once, and a time-out is never retried.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second try; it doubles before each further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest <c>Retry-After</c> of a 429 that is waited for; a longer one fails the request at once.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(2);

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
