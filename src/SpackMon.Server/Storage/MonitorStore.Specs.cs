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

        // Spack posts the spec of every build again. A node is stored with its dependency edges in one transaction,
        // so when every node is there already, so is every edge: nothing to write.
        var alreadyStored = await StoredSpecIdsAsync(s, distinct, spackVersion);
        if (alreadyStored.Count == distinct.Count)
            return await SummaryAsync(s, alreadyStored[root.FullHash], created: false);

        // The new nodes in one statement per chunk (a round trip per node made a 30-node spec cost 20 ms on PostgreSQL).
        var fresh = distinct.Where(n => !alreadyStored.ContainsKey(n.FullHash)).ToList();
        var inserted = await InsertSpecsAsync(s, fresh, spackVersion);
        var ids = new Dictionary<string, long>(alreadyStored, StringComparer.Ordinal);
        foreach (var (hash, id) in inserted)
            ids[hash] = id;
        if (ids.Count < distinct.Count)
        {
            // A concurrent writer stored some of them first (PostgreSQL): theirs are the ids.
            foreach (var (hash, id) in await StoredSpecIdsAsync(s, fresh.Where(n => !ids.ContainsKey(n.FullHash)).ToList(), spackVersion))
                ids[hash] = id;
        }
        var rootCreated = inserted.ContainsKey(root.FullHash);

        var edges = new List<(long SpecId, string Name, string Hash, long? Target, string Types)>();
        foreach (var node in fresh)
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
                edges.Add((ids[node.FullHash], dependency.Name, targetHash, target, JsonSerializer.Serialize(dependency.Type)));
            }
        }
        foreach (var chunk in edges.Chunk(500))
        {
            var parameters = new List<(string, object?)>(chunk.Length * 5);
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                rows.Add($"(@s{i}, @n{i}, @h{i}, CAST(@d{i} AS BIGINT), @t{i})");
                parameters.AddRange([($"@s{i}", chunk[i].SpecId), ($"@n{i}", chunk[i].Name), ($"@h{i}", chunk[i].Hash), ($"@d{i}", chunk[i].Target), ($"@t{i}", chunk[i].Types)]);
            }
            await s.ExecuteAsync("INSERT INTO spec_dependencies (spec_id, name, full_hash, dependency_spec_id, types) VALUES " +
                string.Join(", ", rows) + " ON CONFLICT (spec_id, name) DO NOTHING", [.. parameters]);
        }

        return await SummaryAsync(s, ids[root.FullHash], rootCreated);
    }, ct);

    private static async Task<SpecSaveResult> SummaryAsync(Session s, long rootId, bool created)
    {
        var summary = (await s.QueryAsync("SELECT name, version, full_hash, spack_version FROM specs WHERE id = @id",
            r => new SpecSummary { Name = r.Text(0), Version = r.Text(1), FullHash = r.Text(2), SpackVersion = r.Text(3) },
            ("@id", rootId)))[0];
        foreach (var (name, hash) in await DependencyHashesAsync(s, rootId))
            summary.Specs[name] = hash;
        return new SpecSaveResult(rootId, summary, created);
    }

    /// <summary>The ids of the nodes already stored, by full hash (in chunks, far below either database's parameter limit).</summary>
    private static async Task<Dictionary<string, long>> StoredSpecIdsAsync(Session s, IReadOnlyList<SpecNode> nodes, string spackVersion)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in nodes.Chunk(500))
        {
            var parameters = new List<(string, object?)> { ("@v", spackVersion) };
            var names = InList(chunk.Select(n => n.FullHash), "@h", parameters);
            foreach (var (hash, id) in await s.QueryAsync($"SELECT full_hash, id FROM specs WHERE spack_version = @v AND full_hash IN ({names})",
                         r => (r.Text(0), r.Long(1)), [.. parameters]))
                ids[hash] = id;
        }
        return ids;
    }

    /// <summary>Inserts the nodes not stored yet, in their order; returns the ids of those this call inserted, by full hash.</summary>
    private static async Task<Dictionary<string, long>> InsertSpecsAsync(Session s, IReadOnlyList<SpecNode> nodes, string spackVersion)
    {
        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        var now = Timestamp.Now();
        foreach (var chunk in nodes.Chunk(200))
        {
            var parameters = new List<(string, object?)>(chunk.Length * 14 + 2) { ("@sv", spackVersion), ("@d", now) };
            var rows = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var node = chunk[i];
                rows.Add($"(@fh{i}, @sv, @n{i}, @v{i}, @ns{i}, @h{i}, @bh{i}, @ph{i}, @pl{i}, @os{i}, @ta{i}, @cn{i}, @cv{i}, @pa{i}, @d)");
                parameters.AddRange([
                    ($"@fh{i}", node.FullHash), ($"@n{i}", node.Name), ($"@v{i}", node.Version), ($"@ns{i}", node.Namespace),
                    ($"@h{i}", node.Hash), ($"@bh{i}", node.BuildHash), ($"@ph{i}", node.PackageHash), ($"@pl{i}", node.Arch?.Platform),
                    ($"@os{i}", node.Arch?.PlatformOs), ($"@ta{i}", node.Arch?.Target?.ToJsonString()), ($"@cn{i}", node.Compiler?.Name),
                    ($"@cv{i}", node.Compiler?.Version), ($"@pa{i}", node.Parameters?.ToJsonString()),
                ]);
            }
            foreach (var (hash, id) in await s.QueryAsync(
                         "INSERT INTO specs (full_hash, spack_version, name, version, namespace, hash, build_hash, package_hash, " +
                         "platform, platform_os, target, compiler_name, compiler_version, parameters, add_date) VALUES " +
                         string.Join(", ", rows) + " ON CONFLICT (full_hash, spack_version) DO NOTHING RETURNING full_hash, id",
                         r => (r.Text(0), r.Long(1)), [.. parameters]))
                inserted[hash] = id;
        }
        return inserted;
    }

    private static Task<List<(string Name, string Hash)>> DependencyHashesAsync(Session s, long specId) => s.QueryAsync(
        "SELECT d.name, COALESCE(t.full_hash, d.full_hash) FROM spec_dependencies d " +
        "LEFT JOIN specs t ON t.id = d.dependency_spec_id WHERE d.spec_id = @id ORDER BY d.name",
        r => (r.Text(0), r.Text(1)), ("@id", specId));
}
