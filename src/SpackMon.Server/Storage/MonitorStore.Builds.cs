using SpackMon.Protocol;

namespace SpackMon.Server.Storage;

internal sealed partial class MonitorStore
{
    private const string BuildColumns =
        "SELECT b.id, b.spec_id, s.full_hash, s.name, b.build_environment_id, b.owner_id FROM builds b JOIN specs s ON s.id = b.spec_id ";

    /// <summary>Gets or creates the build of a spec in a build environment for an owner, and adds tags to it.</summary>
    public Task<NewBuildOutcome> GetOrCreateBuildAsync(string fullHash, string spackVersion, BuildEnvironment environment,
        long ownerId, IReadOnlyList<string> tags, CancellationToken ct) => WriteAsync(async s =>
    {
        var specId = await s.LongAsync("SELECT id FROM specs WHERE full_hash = @h AND spack_version = @v", ("@h", fullHash), ("@v", spackVersion));
        if (specId is null)
            return new NewBuildOutcome(null, false, false);

        (string, object?)[] environmentKey =
        [
            ("@hn", environment.Hostname), ("@kv", environment.KernelVersion), ("@os", environment.HostOs),
            ("@pl", environment.Platform), ("@ht", environment.HostTarget),
        ];
        var environmentId = await s.LongAsync(
            "INSERT INTO build_environments (hostname, kernel_version, host_os, platform, host_target) VALUES (@hn, @kv, @os, @pl, @ht) " +
            "ON CONFLICT (hostname, kernel_version, host_os, platform, host_target) DO NOTHING RETURNING id", environmentKey);
        var environmentCreated = environmentId is not null;
        environmentId ??= await s.LongAsync(
            "SELECT id FROM build_environments WHERE hostname = @hn AND kernel_version = @kv AND host_os = @os AND platform = @pl AND host_target = @ht",
            environmentKey);

        var now = Timestamp.Now();
        var buildId = await s.LongAsync(
            "INSERT INTO builds (spec_id, build_environment_id, owner_id, status, add_date, modify_date) VALUES (@s, @e, @o, @st, @d, @d) " +
            "ON CONFLICT (spec_id, build_environment_id, owner_id) DO NOTHING RETURNING id",
            ("@s", specId), ("@e", environmentId), ("@o", ownerId), ("@st", BuildStatus.NotRun), ("@d", now));
        var buildCreated = buildId is not null;
        buildId ??= await s.LongAsync("SELECT id FROM builds WHERE spec_id = @s AND build_environment_id = @e AND owner_id = @o",
            ("@s", specId), ("@e", environmentId), ("@o", ownerId));

        foreach (var tag in tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            await s.ExecuteAsync("INSERT INTO build_tags (build_id, tag) VALUES (@b, @t) ON CONFLICT (build_id, tag) DO NOTHING",
                ("@b", buildId), ("@t", tag));

        var build = (await s.QueryAsync(BuildColumns + "WHERE b.id = @id", ReadBuild, ("@id", buildId)))[0];
        return new NewBuildOutcome(build, buildCreated, environmentCreated);
    }, ct);

    public Task<BuildRecord?> FindBuildAsync(long id, CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync(BuildColumns + "WHERE b.id = @id", ReadBuild, ("@id", id))).FirstOrDefault(), ct);

    /// <summary>
    /// Sets a build's final status. When it FAILED, the not-yet-run builds (same environment and owner) of every
    /// spec that depends on it, directly or not, could not run because of it: they become CANCELLED.
    /// </summary>
    public Task UpdateBuildStatusAsync(BuildRecord build, string status, CancellationToken ct) => WriteAsync(async s =>
    {
        var now = Timestamp.Now();
        await s.ExecuteAsync("UPDATE builds SET status = @st, modify_date = @d WHERE id = @id", ("@st", status), ("@d", now), ("@id", build.Id));
        if (status == BuildStatus.Failed)
            await s.ExecuteAsync(
                "WITH RECURSIVE dependents (id) AS (" +
                " SELECT spec_id FROM spec_dependencies WHERE dependency_spec_id = @spec" +
                " UNION SELECT d.spec_id FROM spec_dependencies d JOIN dependents x ON d.dependency_spec_id = x.id) " +
                "UPDATE builds SET status = @cancelled, modify_date = @d WHERE status = @notrun AND build_environment_id = @env " +
                "AND owner_id = @owner AND spec_id IN (SELECT id FROM dependents)",
                ("@spec", build.SpecId), ("@cancelled", BuildStatus.Cancelled), ("@d", now), ("@notrun", BuildStatus.NotRun),
                ("@env", build.BuildEnvironmentId), ("@owner", build.OwnerId));
        return 0;
    }, ct);

    /// <summary>
    /// Gets or creates the phase of a build by name and overwrites its status, output and the diagnostics extracted from
    /// that output; returns its id.
    /// </summary>
    public Task<long> SavePhaseAsync(long buildId, string name, string status, string? output,
        IReadOnlyList<SpackMon.Analysis.LogDiagnostic> diagnostics, CancellationToken ct) => WriteAsync(async s =>
    {
        var now = Timestamp.Now();
        var id = await s.LongAsync(
            "INSERT INTO build_phases (build_id, name, status, output, add_date, modify_date) VALUES (@b, @n, @st, @o, @d, @d) " +
            "ON CONFLICT (build_id, name) DO UPDATE SET status = excluded.status, output = excluded.output, modify_date = excluded.modify_date " +
            "RETURNING id",
            ("@b", buildId), ("@n", name), ("@st", status), ("@o", output), ("@d", now));
        await s.ExecuteAsync("UPDATE builds SET modify_date = @d WHERE id = @b", ("@d", now), ("@b", buildId));
        await SaveDiagnosticsAsync(s, id!.Value, buildId, diagnostics);
        return id!.Value;
    }, ct);

    /// <summary>Attaches analyzer results to a build, overwriting what the same analyzers said before.</summary>
    public Task SaveAnalysisAsync(long buildId, BuildAnalysis analysis, CancellationToken ct) => WriteAsync(async s =>
    {
        var now = Timestamp.Now();
        if (analysis.HasConfigArgs)
            await s.ExecuteAsync("UPDATE builds SET config_args = @c WHERE id = @b", ("@c", analysis.ConfigArgs), ("@b", buildId));
        if (analysis.EnvironmentVariables is { } envars)
        {
            await s.ExecuteAsync("DELETE FROM build_envars WHERE build_id = @b", ("@b", buildId));
            foreach (var (name, value) in envars.OrderBy(e => e.Key, StringComparer.Ordinal))
                await s.ExecuteAsync("INSERT INTO build_envars (build_id, name, value) VALUES (@b, @n, @v)", ("@b", buildId), ("@n", name), ("@v", value));
        }
        foreach (var file in analysis.InstallFiles ?? [])
            await s.ExecuteAsync(
                "INSERT INTO install_files (build_id, name, ftype, mode, owner, grp, hash) VALUES (@b, @n, @t, @m, @o, @g, @h) " +
                "ON CONFLICT (build_id, name) DO UPDATE SET ftype = excluded.ftype, mode = excluded.mode, owner = excluded.owner, " +
                "grp = excluded.grp, hash = excluded.hash",
                ("@b", buildId), ("@n", file.Path), ("@t", file.Type), ("@m", file.Mode), ("@o", file.Owner), ("@g", file.Group), ("@h", file.Hash));
        foreach (var attribute in analysis.Attributes)
        {
            await s.ExecuteAsync("INSERT INTO install_files (build_id, name) VALUES (@b, @n) ON CONFLICT (build_id, name) DO NOTHING",
                ("@b", buildId), ("@n", attribute.InstallFile));
            var fileId = await s.LongAsync("SELECT id FROM install_files WHERE build_id = @b AND name = @n", ("@b", buildId), ("@n", attribute.InstallFile));
            await s.ExecuteAsync(
                "INSERT INTO attributes (install_file_id, analyzer, name, value, json_value, binary_value) VALUES (@f, @a, @n, @v, @j, @bv) " +
                "ON CONFLICT (install_file_id, analyzer, name) DO UPDATE SET value = excluded.value, json_value = excluded.json_value, " +
                "binary_value = excluded.binary_value",
                ("@f", fileId), ("@a", attribute.Analyzer), ("@n", attribute.Name), ("@v", attribute.Value), ("@j", attribute.JsonValue),
                ("@bv", attribute.BinaryValue));
        }
        await s.ExecuteAsync("UPDATE builds SET modify_date = @d WHERE id = @b", ("@d", now), ("@b", buildId));
        return 0;
    }, ct);

    private static BuildRecord ReadBuild(System.Data.Common.DbDataReader r) =>
        new(r.Long(0), r.Long(1), r.Text(2), r.Text(3), r.Long(4), r.Long(5));
}
