using SpackMon.Protocol;

namespace SpackMon.Client;

/// <summary>
/// Where the messages of a monitored build go: a server (<see cref="MonitorClient"/>) or a save-local
/// folder (<see cref="SaveLocalWriter"/>). Build ids are text: a server's number or a local hex id.
/// </summary>
public interface IBuildMonitor
{
    /// <summary>Registers a spec (<c>specs/new/</c>); returns the root's full hash.</summary>
    Task<string> RegisterSpecAsync(NewSpecRequest request, CancellationToken cancellationToken);

    /// <summary>Gets or creates the build of a spec in a build environment (<c>builds/new/</c>); returns its id.</summary>
    Task<string> NewBuildAsync(NewBuildRequest request, CancellationToken cancellationToken);

    /// <summary>Reports one phase of a build (<c>builds/phases/update/</c>).</summary>
    Task UpdatePhaseAsync(string buildId, string phaseName, string status, string? output, CancellationToken cancellationToken);

    /// <summary>Sets the final status of a build (<c>builds/update/</c>).</summary>
    Task UpdateBuildAsync(string buildId, string status, CancellationToken cancellationToken);
}
