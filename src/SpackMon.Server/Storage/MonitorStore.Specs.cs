using System.Text.Json;
using SpackMon.Protocol;

namespace SpackMon.Server.Storage;

internal sealed partial class MonitorStore
{
    /// <summary>
    /// Stores every node of a spec DAG (root first in <paramref name="nodes"/>) with its dependency edges.
    /// A node is identified by (full_hash, spack_version); nodes already stored are left as they are.
    /// </summary>
    public Task<SpecSaveResult> SaveSpecAsync(IReadOnlyList<SpecNode> nodes, string spackVersion, CancellationToken ct) => WriteAsync(async s =>
    {
        var root = nodes[0];
        // Any of a node's hashes may name it in a dependency (spack 0.16 used build_hash, 0.17 full_hash).
        var byHash = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (var key in new Func<SpecNode, string?>[] { n => n.FullHash, n => n.BuildHash, n => n.Hash })
            foreach (var node in nodes)
                if (key(node) is { Length: > 0 } hash)
                    byHash.TryAdd(hash, node);

        // One insertion order for every writer keeps concurrent PostgreSQL transactions from deadlocking.
        var distinct = nodes.GroupBy(n => n.FullHash, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(n => n.FullHash, StringComparer.Ordinal).ToList();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        var rootCreated = false;
        foreach (var node in distinct)
        {
            var (id, created) = await InsertSpecAsync(s, node, spackVersion);
            ids[node.FullHash] = id;
            if (node.FullHash == root.FullHash)
                rootCreated = created;
        }

        foreach (var node in distinct)
        {
            foreach (var dependency in node.Dependencies.OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                long? target = null;
                var targetHash = dependency.FullHash;
                if (byHash.TryGetValue(dependency.FullHash, out var known))
                {
                    target = ids[known.FullHash];
                    targetHash = known.FullHash;
                }
                else if (await s.LongAsync("SELECT id FROM specs WHERE full_hash = @h AND spack_version = @v",
                             ("@h", dependency.FullHash), ("@v", spackVersion)) is { } stored)
                {
                    target = stored;
                }
                await s.ExecuteAsync(
                    "INSERT INTO spec_dependencies (spec_id, name, full_hash, dependency_spec_id, types) " +
                    "VALUES (@s, @n, @h, CAST(@d AS BIGINT), @t) ON CONFLICT (spec_id, name) DO NOTHING",
                    ("@s", ids[node.FullHash]), ("@n", dependency.Name), ("@h", targetHash), ("@d", target),
                    ("@t", JsonSerializer.Serialize(dependency.Type)));
            }
        }

        var rootId = ids[root.FullHash];
        var summary = (await s.QueryAsync("SELECT name, version, full_hash, spack_version FROM specs WHERE id = @id",
            r => new SpecSummary { Name = r.Text(0), Version = r.Text(1), FullHash = r.Text(2), SpackVersion = r.Text(3) },
            ("@id", rootId)))[0];
        foreach (var (name, hash) in await DependencyHashesAsync(s, rootId))
            summary.Specs[name] = hash;
        return new SpecSaveResult(rootId, summary, rootCreated);
    }, ct);

    private static async Task<(long Id, bool Created)> InsertSpecAsync(Session s, SpecNode node, string spackVersion)
    {
        var inserted = await s.LongAsync(
            "INSERT INTO specs (full_hash, spack_version, name, version, namespace, hash, build_hash, package_hash, " +
            "platform, platform_os, target, compiler_name, compiler_version, parameters, add_date) " +
            "VALUES (@fh, @sv, @n, @v, @ns, @h, @bh, @ph, @pl, @os, @ta, @cn, @cv, @pa, @d) " +
            "ON CONFLICT (full_hash, spack_version) DO NOTHING RETURNING id",
            ("@fh", node.FullHash), ("@sv", spackVersion), ("@n", node.Name), ("@v", node.Version),
            ("@ns", node.Namespace), ("@h", node.Hash), ("@bh", node.BuildHash), ("@ph", node.PackageHash),
            ("@pl", node.Arch?.Platform), ("@os", node.Arch?.PlatformOs), ("@ta", node.Arch?.Target?.ToJsonString()),
            ("@cn", node.Compiler?.Name), ("@cv", node.Compiler?.Version), ("@pa", node.Parameters?.ToJsonString()),
            ("@d", Timestamp.Now()));
        if (inserted is { } id)
            return (id, true);
        var existing = await s.LongAsync("SELECT id FROM specs WHERE full_hash = @fh AND spack_version = @sv",
            ("@fh", node.FullHash), ("@sv", spackVersion));
        return (existing!.Value, false);
    }

    private static Task<List<(string Name, string Hash)>> DependencyHashesAsync(Session s, long specId) => s.QueryAsync(
        "SELECT d.name, COALESCE(t.full_hash, d.full_hash) FROM spec_dependencies d " +
        "LEFT JOIN specs t ON t.id = d.dependency_spec_id WHERE d.spec_id = @id ORDER BY d.name",
        r => (r.Text(0), r.Text(1)), ("@id", specId));
}
