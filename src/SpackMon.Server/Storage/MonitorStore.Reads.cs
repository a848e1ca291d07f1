using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpackMon.Protocol;

namespace SpackMon.Server.Storage;

internal sealed partial class MonitorStore
{
    private const string SpecColumns =
        "SELECT id, name, version, full_hash, spack_version, hash, build_hash, package_hash, namespace, parameters, " +
        "platform, platform_os, target, compiler_name, compiler_version, add_date FROM specs ";

    private const string BuildViewColumns =
        "SELECT b.id, b.status, u.name, b.config_args, b.add_date, b.modify_date, s.id, s.name, s.version, s.full_hash, s.spack_version, " +
        "e.hostname, e.kernel_version, e.host_os, e.platform, e.host_target " +
        "FROM builds b JOIN users u ON u.id = b.owner_id JOIN specs s ON s.id = b.spec_id JOIN build_environments e ON e.id = b.build_environment_id ";

    public Task<List<SpecView>> SpecsByNameAsync(string name, CancellationToken ct) => ReadAsync(async s =>
        await WithDependenciesAsync(s, await s.QueryAsync(SpecColumns + "WHERE name = @n ORDER BY id", ReadSpec, ("@n", name))), ct);

    /// <summary>The spec with a full hash; the newest when several tool versions registered it.</summary>
    public Task<SpecView?> SpecByFullHashAsync(string fullHash, CancellationToken ct) => ReadAsync(async s =>
        (await WithDependenciesAsync(s, await s.QueryAsync(SpecColumns + "WHERE full_hash = @h ORDER BY id DESC LIMIT 1", ReadSpec,
            ("@h", fullHash)))).FirstOrDefault(), ct);

    public Task<bool> SpecExistsAsync(long id, CancellationToken ct) => ReadAsync(async s =>
        await s.LongAsync("SELECT id FROM specs WHERE id = @id", ("@id", id)) is not null, ct);

    /// <summary>Attributes of the installed files of every build of a spec, optionally of one analyzer.</summary>
    public Task<List<AttributeSummary>> SpecAttributesAsync(long specId, string? analyzer, CancellationToken ct) => ReadAsync(s => s.QueryAsync(
        "SELECT f.name, a.id, a.analyzer, a.name FROM attributes a JOIN install_files f ON f.id = a.install_file_id " +
        "JOIN builds b ON b.id = f.build_id WHERE b.spec_id = @s AND (CAST(@a AS TEXT) IS NULL OR a.analyzer = @a) ORDER BY a.id",
        r => new AttributeSummary { Filename = r.Text(0), Id = r.Long(1), Analyzer = r.Text(2), Name = r.Text(3) },
        ("@s", specId), ("@a", analyzer)), ct);

    public Task<AttributeValue?> AttributeAsync(long id, CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync("SELECT value, json_value, binary_value FROM attributes WHERE id = @id",
            r => new AttributeValue(r.NullableText(0), r.NullableText(1), r.NullableText(2)), ("@id", id))).FirstOrDefault(), ct);

    /// <summary>One page of builds, newest first, and how many there are in all.</summary>
    public Task<(long Count, List<BuildView> Builds)> ListBuildsAsync(long offset, int limit, CancellationToken ct) => ReadAsync(async s =>
    {
        var count = (await s.LongAsync("SELECT COUNT(*) FROM builds"))!.Value;
        var builds = await s.QueryAsync(BuildViewColumns + "ORDER BY b.id DESC LIMIT @l OFFSET @o", ReadBuildView, ("@l", (long)limit), ("@o", offset));
        await FillBuildsAsync(s, builds);
        return (count, builds);
    }, ct);

    public Task<BuildView?> BuildAsync(long id, CancellationToken ct) => ReadAsync(async s =>
    {
        var builds = await s.QueryAsync(BuildViewColumns + "WHERE b.id = @id", ReadBuildView, ("@id", id));
        await FillBuildsAsync(s, builds);
        return builds.FirstOrDefault();
    }, ct);

    private static async Task FillBuildsAsync(Session s, List<BuildView> builds)
    {
        foreach (var build in builds)
        {
            build.Tags = await s.QueryAsync("SELECT tag FROM build_tags WHERE build_id = @b ORDER BY tag", r => r.Text(0), ("@b", build.Id));
            build.Phases = await s.QueryAsync("SELECT id, name, status, output FROM build_phases WHERE build_id = @b ORDER BY id",
                r => new PhaseView { Id = r.Long(0), Name = r.Text(1), Status = r.Text(2), Output = r.NullableText(3) }, ("@b", build.Id));
            build.Envars = await s.QueryAsync("SELECT name, value FROM build_envars WHERE build_id = @b ORDER BY name",
                r => new EnvironmentVariableView { Name = r.Text(0), Value = r.NullableText(1) }, ("@b", build.Id));
        }
    }

    private static async Task<List<SpecView>> WithDependenciesAsync(Session s, List<SpecView> specs)
    {
        foreach (var spec in specs)
            spec.Dependencies = await s.QueryAsync(
                "SELECT d.name, COALESCE(t.full_hash, d.full_hash), d.types FROM spec_dependencies d " +
                "LEFT JOIN specs t ON t.id = d.dependency_spec_id WHERE d.spec_id = @id ORDER BY d.name",
                r => new SpecDependency { Name = r.Text(0), FullHash = r.Text(1), Type = JsonSerializer.Deserialize<List<string>>(r.Text(2)) ?? [] },
                ("@id", spec.Id));
        return specs;
    }

    private static SpecView ReadSpec(DbDataReader r) => new()
    {
        Id = r.Long(0),
        Name = r.Text(1),
        Version = r.Text(2),
        FullHash = r.Text(3),
        SpackVersion = r.Text(4),
        Hash = r.NullableText(5),
        BuildHash = r.NullableText(6),
        PackageHash = r.NullableText(7),
        Namespace = r.NullableText(8),
        Parameters = r.NullableText(9) is { } p ? JsonNode.Parse(p) : new JsonObject(),
        Arch = new ArchView
        {
            Platform = r.NullableText(10),
            PlatformOs = r.NullableText(11),
            Target = r.NullableText(12) is { } t ? JsonNode.Parse(t) : null,
        },
        Compiler = r.NullableText(13) is { } compiler ? new SpecCompiler { Name = compiler, Version = r.Text(14) } : null,
        AddDate = r.Text(15),
        ModifyDate = r.Text(15),
    };

    private static BuildView ReadBuildView(DbDataReader r) => new()
    {
        Id = r.Long(0),
        Status = r.Text(1),
        Owner = r.Text(2),
        ConfigArgs = r.NullableText(3),
        AddDate = r.Text(4),
        ModifyDate = r.Text(5),
        Spec = new SpecBrief { Id = r.Long(6), Name = r.Text(7), Version = r.Text(8), FullHash = r.Text(9), SpackVersion = r.Text(10) },
        BuildEnvironment = new BuildEnvironment
        {
            Hostname = r.Text(11),
            KernelVersion = r.Text(12),
            HostOs = r.Text(13),
            Platform = r.Text(14),
            HostTarget = r.Text(15),
        },
    };
}
