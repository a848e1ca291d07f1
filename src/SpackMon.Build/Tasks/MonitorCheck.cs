using Microsoft.Build.Framework;
using SpackMon.Client;

namespace SpackMon.Build.Tasks;

/// <summary>
/// Once per build, before anything compiles (run from the package's session project, whose result MSBuild caches):
/// the credentials check with spack's exact message, then the service check, which KeepGoing never softens.
/// Outputs the base URL to use (a 302 may have moved the prefix) and the dated save-local folder of this build.
/// </summary>
public sealed class MonitorCheck : MonitorTask
{
    /// <summary>Server URL (<c>$(SpackMonitorHost)</c>).</summary>
    public string Host { get; set; } = "http://127.0.0.1";

    /// <summary>API prefix (<c>$(SpackMonitorPrefix)</c>).</summary>
    public string Prefix { get; set; } = "ms1";

    /// <summary>The server has authentication off (<c>$(SpackMonitorDisableAuth)</c>).</summary>
    public bool DisableAuth { get; set; }

    /// <summary>Write to a local folder instead of a server (<c>$(SpackMonitorSaveLocal)</c>): no credentials or service needed.</summary>
    public bool SaveLocal { get; set; }

    /// <summary>Root of the save-local folders (<c>$(SpackMonitorSaveLocalDir)</c>).</summary>
    [Required]
    public string SaveLocalDir { get; set; } = "";

    /// <summary>The base URL to send to; empty in save-local mode.</summary>
    [Output]
    public string BaseUrl { get; set; } = "";

    /// <summary>This build's dated folder under <see cref="SaveLocalDir"/> (also where KeepGoing keeps what could not be sent).</summary>
    [Output]
    public string SaveLocalFolder { get; set; } = "";

    /// <inheritdoc />
    protected override void Run()
    {
        if (Environment.GetEnvironmentVariable("MSBUILDLOGALLENVIRONMENTVARIABLES") == "1")
            Warning(Messages.AllEnvironmentLogged);

        SaveLocalFolder = Path.GetFullPath(SaveLocalWriter.DatedFolder(SaveLocalDir, DateTime.Now));
        if (SaveLocal)
        {
            Log.LogMessage(MessageImportance.High, $"SpackMon: saving what would be sent to {SaveLocalFolder}");
            return;
        }

        var credentials = MonitorCredentials.FromEnvironment();
        if (credentials is null && !DisableAuth)
        {
            Error(Messages.CredentialsMissing);
            return;
        }

        var options = new MonitorClientOptions { Host = Host, Prefix = Prefix };
        var client = Session.Client(options.BaseUrl, DisableAuth, credentials, Timeout);
        try
        {
            var info = client.GetServiceInfoAsync(CancellationToken).GetAwaiter().GetResult();
            BaseUrl = client.BaseUrl;
            Session.Remember(BaseUrl, DisableAuth, credentials, client);
            Log.LogMessage(MessageImportance.High, $"SpackMon: monitoring this build at {BaseUrl} ({info.Name} {info.Version})");
        }
        catch (MonitorException e)
        {
            Error(Messages.ServiceUnavailable, e.Message);
        }
    }
}
