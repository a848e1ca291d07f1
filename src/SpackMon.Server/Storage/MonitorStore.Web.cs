using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SpackMon.Analysis;
using SpackMon.Protocol;

namespace SpackMon.Server.Storage;

/// <summary>The phase diagnostics written at ingest and the queries of the web UI and the read API.</summary>
internal sealed partial class MonitorStore
{
    private const string SpecRowColumns = "SELECT id, name, version, namespace, full_hash, spack_version, add_date FROM specs ";

    private const string PhaseDetailColumns =
        "SELECT p.id, p.build_id, p.name, p.status, LENGTH(p.output), p.add_date, p.modify_date, " +
        "(SELECT COUNT(*) FROM phase_diagnostics d WHERE d.phase_id = p.id AND d.kind = 'error'), " +
        "(SELECT COUNT(*) FROM phase_diagnostics d WHERE d.phase_id = p.id AND d.kind = 'warning') ";

    private const string DiagnosticColumns =
        "SELECT d.id, d.build_id, d.phase_id, p.name, d.kind, d.code, d.text, d.source_file, d.source_line, d.source_column, " +
        "d.log_line, d.context_before, d.context_after, d.repeat_count FROM phase_diagnostics d JOIN build_phases p ON p.id = d.phase_id ";

    /// <summary>Replaces what was extracted from a phase's output; runs inside the phase update's transaction.</summary>
    private static async Task SaveDiagnosticsAsync(Session s, long phaseId, long buildId, IReadOnlyList<LogDiagnostic> diagnostics)
    {
        await s.ExecuteAsync("DELETE FROM phase_diagnostics WHERE phase_id = @p", ("@p", phaseId));
        foreach (var d in diagnostics)
            await s.ExecuteAsync(
                "INSERT INTO phase_diagnostics (phase_id, build_id, kind, code, text, source_file, source_line, source_column, log_line, " +
                "context_before, context_after, repeat_count) VALUES (@p, @b, @k, @c, @t, @f, CAST(@sl AS INTEGER), CAST(@sc AS INTEGER), " +
                "@l, @cb, @ca, @r)",
                ("@p", phaseId), ("@b", buildId), ("@k", d.Kind == DiagnosticKind.Error ? "error" : "warning"), ("@c", d.Code),
                ("@t", d.Text), ("@f", d.SourceFile), ("@sl", d.SourceLine), ("@sc", d.SourceColumn), ("@l", d.LogLine),
                ("@cb", JsonSerializer.Serialize(d.ContextBefore)), ("@ca", JsonSerializer.Serialize(d.ContextAfter)), ("@r", d.RepeatCount));
    }

    /// <summary>One page of builds matching <paramref name="query"/>, and how many match in all.</summary>
    public Task<(long Count, List<BuildRow> Builds)> QueryBuildsAsync(BuildQuery query, CancellationToken ct) => ReadAsync(async s =>
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Filter(string? value, string sql, string name, object? parameter = null)
        {
            if (value is null)
                return;
            where.Append(" AND ").Append(sql);
            parameters.Add((name, parameter ?? value));
        }
        Filter(query.Status, "b.status = @status", "@status");
        // Sub-queries on the builds' own columns, so that no filter needs a join (the count and the page's ids read only builds).
        Filter(query.Owner, "b.owner_id IN (SELECT id FROM users WHERE name = @owner)", "@owner");
        Filter(query.Tag, "EXISTS (SELECT 1 FROM build_tags t WHERE t.build_id = b.id AND t.tag = @tag)", "@tag");
        // The few specs of that name lead the plan through builds (spec_id, ...).
        Filter(query.SpecName, "b.spec_id IN (SELECT id FROM specs WHERE LOWER(name) = @spec)", "@spec", query.SpecName?.ToLowerInvariant());
        Filter(query.Text,
            "(LOWER(s.name) LIKE @q ESCAPE '\\' OR LOWER(s.version) LIKE @q ESCAPE '\\' OR LOWER(s.full_hash) LIKE @q ESCAPE '\\' " +
            "OR LOWER(u.name) LIKE @q ESCAPE '\\' OR LOWER(e.hostname) LIKE @q ESCAPE '\\' " +
            "OR EXISTS (SELECT 1 FROM build_tags t WHERE t.build_id = b.id AND LOWER(t.tag) LIKE @q ESCAPE '\\') " +
            "OR EXISTS (SELECT 1 FROM phase_diagnostics d WHERE d.build_id = b.id AND (LOWER(d.code) LIKE @q ESCAPE '\\' OR LOWER(d.text) LIKE @q ESCAPE '\\')))",
            "@q", query.Text is null ? null : "%" + EscapeLike(query.Text.ToLowerInvariant()) + "%");
        if (query.SpecIds is { } specIds)
            where.Append(specIds.Count == 0 ? " AND 1 = 0" : " AND b.spec_id IN (" + InList(specIds, "@si", parameters) + ")");

        var order = BuildQuery.SortColumns.TryGetValue(query.Sort, out var column) ? column : "b.id";
        // Every build has its owner, spec and environment (NOT NULL foreign keys): the count and the page's ids join only
        // the tables a filter or the order reads. At a million builds that is the difference between an index scan and a
        // million joins, and a deep page skips its offset over narrow rows.
        string Joins(bool forOrder) =>
            (query.Text is not null || forOrder && order.StartsWith("u.", StringComparison.Ordinal) ? "JOIN users u ON u.id = b.owner_id " : "")
            + (query.Text is not null || forOrder && order.StartsWith("s.", StringComparison.Ordinal) ? "JOIN specs s ON s.id = b.spec_id " : "")
            + (query.Text is not null || forOrder && order.StartsWith("e.", StringComparison.Ordinal) ? "JOIN build_environments e ON e.id = b.build_environment_id " : "");
        var count = (await s.LongAsync("SELECT COUNT(*) FROM builds b " + Joins(forOrder: false) + where, [.. parameters]))!.Value;

        var direction = query.Descending ? "DESC" : "ASC";
        // Sorted by spec or owner name: the names' index leads (CROSS JOIN keeps SQLite's planner to that order) and each
        // one's builds are found by index, so that the first page stops after a few names instead of sorting every match.
        var lead = query.Text is not null ? null
            : order.StartsWith("s.", StringComparison.Ordinal) ? "FROM specs s CROSS JOIN builds b " + where + " AND b.spec_id = s.id"
            : order.StartsWith("u.", StringComparison.Ordinal) ? "FROM users u CROSS JOIN builds b " + where + " AND b.owner_id = u.id"
            : null;
        var pageIds = await s.QueryAsync(
            "SELECT b.id " + (lead ?? "FROM builds b " + Joins(forOrder: true) + where) + $" ORDER BY {order} {direction}, b.id {direction} LIMIT @limit OFFSET @offset",
            r => r.Long(0), [.. parameters, ("@limit", (long)query.Limit), ("@offset", query.Offset)]);
        if (pageIds.Count == 0)
            return (count, new List<BuildRow>());

        var rowParameters = new List<(string, object?)>();
        var rows = await s.QueryAsync(
            "SELECT b.id, b.status, u.name, s.id, s.name, s.version, s.full_hash, e.hostname, e.host_os, e.platform, e.host_target, " +
            "b.add_date, b.modify_date, " +
            "(SELECT COUNT(*) FROM build_phases p WHERE p.build_id = b.id AND p.status = 'SUCCESS') AS phases_ok, " +
            "(SELECT COUNT(*) FROM build_phases p WHERE p.build_id = b.id AND p.status IN ('ERROR', 'FAILED')) AS phases_failed, " +
            "(SELECT COUNT(*) FROM build_phases p WHERE p.build_id = b.id) AS phases_total, " +
            BuildQuery.ErrorCount + " AS errors, " + BuildQuery.WarningCount + " AS warnings " +
            "FROM builds b JOIN users u ON u.id = b.owner_id JOIN specs s ON s.id = b.spec_id " +
            "JOIN build_environments e ON e.id = b.build_environment_id WHERE b.id IN (" + InList(pageIds, "@p", rowParameters) + ")",
            r => new BuildRow
            {
                Id = r.Long(0), Status = r.Text(1), Owner = r.Text(2), SpecId = r.Long(3), SpecName = r.Text(4), SpecVersion = r.Text(5),
                SpecFullHash = r.Text(6), Hostname = r.Text(7), HostOs = r.Text(8), Platform = r.Text(9), HostTarget = r.Text(10),
                AddDate = r.Text(11), ModifyDate = r.Text(12), PhasesOk = r.Long(13), PhasesFailed = r.Long(14), PhasesTotal = r.Long(15),
                Errors = r.Long(16), Warnings = r.Long(17),
            }, [.. rowParameters]);
        var position = pageIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var builds = rows.OrderBy(b => position[b.Id]).ToList();
        if (builds.Count > 0)
        {
            var tagParameters = new List<(string, object?)>();
            var byId = builds.ToDictionary(b => b.Id);
            foreach (var (buildId, tag) in await s.QueryAsync(
                         "SELECT build_id, tag FROM build_tags WHERE build_id IN (" + InList(byId.Keys, "@b", tagParameters) + ") ORDER BY tag",
                         r => (r.Long(0), r.Text(1)), [.. tagParameters]))
                byId[buildId].Tags.Add(tag);
        }
        return (count, builds);
    }, ct);

    /// <summary>The read API's views of builds, by id (ids that do not exist are missing).</summary>
    public Task<Dictionary<long, BuildView>> BuildViewsAsync(IReadOnlyList<long> ids, CancellationToken ct) => ReadAsync(async s =>
    {
        if (ids.Count == 0)
            return new Dictionary<long, BuildView>();
        var parameters = new List<(string, object?)>();
        var builds = await s.QueryAsync(BuildViewColumns + "WHERE b.id IN (" + InList(ids, "@b", parameters) + ")", ReadBuildView, [.. parameters]);
        await FillBuildsAsync(s, builds);
        return builds.ToDictionary(b => b.Id);
    }, ct);

    /// <summary>The phases of a build in the order they were first reported, with their output when <paramref name="withOutput"/>.</summary>
    public Task<List<PhaseDetail>> PhasesAsync(long buildId, bool withOutput, CancellationToken ct) => ReadAsync(s => s.QueryAsync(
        PhaseDetailColumns + (withOutput ? ", p.output " : "") + "FROM build_phases p WHERE p.build_id = @b ORDER BY p.id",
        r => ReadPhase(r, withOutput), ("@b", buildId)), ct);

    /// <summary>One phase with its output, or null.</summary>
    public Task<PhaseDetail?> PhaseAsync(long phaseId, CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync(PhaseDetailColumns + ", p.output FROM build_phases p WHERE p.id = @p", r => ReadPhase(r, true), ("@p", phaseId)))
        .FirstOrDefault(), ct);

    /// <summary>A page of the diagnostics of a build (or of one phase), optionally of one kind, in log order.</summary>
    public Task<(long Count, List<DiagnosticRecord> Diagnostics)> DiagnosticsAsync(long buildId, long? phaseId, string? kind, long offset, int limit,
        CancellationToken ct) => ReadAsync(async s =>
    {
        var where = "WHERE d.build_id = @b" + (phaseId is null ? "" : " AND d.phase_id = @p") + (kind is null ? "" : " AND d.kind = @k");
        var parameters = new List<(string, object?)> { ("@b", buildId) };
        if (phaseId is not null)
            parameters.Add(("@p", phaseId));
        if (kind is not null)
            parameters.Add(("@k", kind));
        var count = (await s.LongAsync("SELECT COUNT(*) FROM phase_diagnostics d " + where, [.. parameters]))!.Value;
        var rows = await s.QueryAsync(DiagnosticColumns + where + " ORDER BY d.phase_id, d.log_line, d.id LIMIT @limit OFFSET @offset", ReadDiagnostic,
            [.. parameters, ("@limit", (long)limit), ("@offset", offset)]);
        return (count, rows);
    }, ct);

    /// <summary>The spec row with an id, or null.</summary>
    public Task<SpecRow?> SpecRowAsync(long id, CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync(SpecRowColumns + "WHERE id = @id", ReadSpecRow, ("@id", id))).FirstOrDefault(), ct);

    /// <summary>The full view of the spec with an id (parameters, arch, compiler, direct dependencies), or null.</summary>
    public Task<SpecView?> SpecByIdAsync(long id, CancellationToken ct) => ReadAsync(async s =>
        (await WithDependenciesAsync(s, await s.QueryAsync(SpecColumns + "WHERE id = @id", ReadSpec, ("@id", id)))).FirstOrDefault(), ct);

    /// <summary>A page of specs, optionally those with a name (case-insensitive) or a namespace, by name then version.</summary>
    public Task<(long Count, List<SpecRow> Specs)> ListSpecsAsync(string? name, string? ns, long offset, int limit, CancellationToken ct) =>
        ReadAsync(async s =>
        {
            var where = "WHERE (CAST(@n AS TEXT) IS NULL OR LOWER(name) = @n) AND (CAST(@ns AS TEXT) IS NULL OR namespace = @ns)";
            (string, object?)[] parameters = [("@n", name?.ToLowerInvariant()), ("@ns", ns)];
            var count = (await s.LongAsync("SELECT COUNT(*) FROM specs " + where, parameters))!.Value;
            var specs = await s.QueryAsync(SpecRowColumns + where + " ORDER BY name, version, id LIMIT @limit OFFSET @offset", ReadSpecRow,
                [.. parameters, ("@limit", (long)limit), ("@offset", offset)]);
            return (count, specs);
        }, ct);

    /// <summary>The nodes reachable from a spec (itself first) and every edge among them.</summary>
    public Task<SpecGraph> SpecGraphAsync(long specId, CancellationToken ct) => ReadAsync(async s =>
    {
        const string Reach =
            "WITH RECURSIVE reach (id) AS (SELECT CAST(@id AS BIGINT) UNION " +
            "SELECT d.dependency_spec_id FROM spec_dependencies d JOIN reach r ON d.spec_id = r.id WHERE d.dependency_spec_id IS NOT NULL) ";
        var nodes = await s.QueryAsync(Reach + "SELECT s.id, s.name, s.version, s.namespace, s.full_hash, s.spack_version, s.add_date " +
            "FROM specs s JOIN reach r ON r.id = s.id", ReadSpecRow, ("@id", specId));
        var edges = await s.QueryAsync(Reach + "SELECT d.spec_id, d.dependency_spec_id, d.name, d.full_hash, d.types " +
            "FROM spec_dependencies d JOIN reach r ON r.id = d.spec_id ORDER BY d.spec_id, d.name",
            r => new DagEdge(r.Long(0), r.IsDBNull(1) ? null : r.Long(1), r.Text(2), r.Text(3), r.Text(4)), ("@id", specId));
        nodes.Sort((a, b) => a.Id == specId ? -1 : b.Id == specId ? 1 : string.CompareOrdinal(a.Name, b.Name));
        return new SpecGraph(nodes, edges);
    }, ct);

    /// <summary>The direct dependencies of a spec with the version each resolved to.</summary>
    public Task<List<DependencyVersion>> DependencyVersionsAsync(long specId, CancellationToken ct) => ReadAsync(s => s.QueryAsync(
        "SELECT d.name, t.version, COALESCE(t.full_hash, d.full_hash) FROM spec_dependencies d " +
        "LEFT JOIN specs t ON t.id = d.dependency_spec_id WHERE d.spec_id = @id ORDER BY d.name",
        r => new DependencyVersion(r.Text(0), r.NullableText(1), r.Text(2)), ("@id", specId)), ct);

    /// <summary>
    /// Every spec that depends on a spec named <paramref name="name"/> (case-insensitive; of <paramref name="version"/> when given),
    /// directly or through other specs, each once at its shortest distance, nearest first.
    /// </summary>
    public Task<List<DependentSpec>> DependentsAsync(string name, string? version, CancellationToken ct) => ReadAsync(async s =>
    {
        var targets = await s.QueryAsync("SELECT id, version FROM specs WHERE LOWER(name) = @n AND (CAST(@v AS TEXT) IS NULL OR version = @v)",
            r => (Id: r.Long(0), Version: r.Text(1)), ("@n", name.ToLowerInvariant()), ("@v", version));
        var found = new Dictionary<long, (int Depth, string Via)>();
        var frontier = targets.ToDictionary(t => t.Id, t => t.Version);
        var visited = new HashSet<long>(frontier.Keys);
        for (var depth = 1; frontier.Count > 0; depth++)
        {
            var next = new Dictionary<long, string>();
            foreach (var chunk in frontier.Keys.Chunk(500))
            {
                var parameters = new List<(string, object?)>();
                var edges = await s.QueryAsync(
                    "SELECT spec_id, dependency_spec_id FROM spec_dependencies WHERE dependency_spec_id IN (" + InList(chunk, "@d", parameters) + ")",
                    r => (User: r.Long(0), Used: r.Long(1)), [.. parameters]);
                foreach (var (user, used) in edges.OrderBy(e => e.User).ThenBy(e => e.Used))
                    if (visited.Add(user))
                    {
                        next[user] = frontier[used];
                        found[user] = (depth, frontier[used]);
                    }
            }
            frontier = next;
        }
        var result = new List<DependentSpec>();
        foreach (var chunk in found.Keys.Chunk(500))
        {
            var parameters = new List<(string, object?)>();
            foreach (var spec in await s.QueryAsync(SpecRowColumns + "WHERE id IN (" + InList(chunk, "@s", parameters) + ")", ReadSpecRow, [.. parameters]))
                result.Add(new DependentSpec { Spec = spec, Depth = found[spec.Id].Depth, DependencyVersion = found[spec.Id].Via });
        }
        return result.OrderBy(d => d.Depth).ThenBy(d => d.Spec.Name, StringComparer.Ordinal).ThenBy(d => d.Spec.Version, StringComparer.Ordinal)
            .ThenBy(d => d.Spec.Id).ToList();
    }, ct);

    /// <summary>The distinct statuses, owners and tags in use, for the filters of the builds page.</summary>
    public Task<(List<string> Owners, List<string> Tags)> FilterChoicesAsync(CancellationToken ct) => ReadAsync(async s =>
        (await s.QueryAsync("SELECT u.name FROM users u WHERE EXISTS (SELECT 1 FROM builds b WHERE b.owner_id = u.id) ORDER BY u.name LIMIT 500", r => r.Text(0)),
         await s.QueryAsync("SELECT DISTINCT tag FROM build_tags ORDER BY tag LIMIT 500", r => r.Text(0))), ct);

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>The parameter names of <paramref name="values"/> for an <c>IN (...)</c> list; the values join <paramref name="parameters"/>.</summary>
    private static string InList<T>(IEnumerable<T> values, string prefix, List<(string, object?)> parameters)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var parameterName = prefix + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add((parameterName, value));
            names.Add(parameterName);
        }
        return string.Join(", ", names);
    }

    private static PhaseDetail ReadPhase(DbDataReader r, bool withOutput) => new()
    {
        Id = r.Long(0), BuildId = r.Long(1), Name = r.Text(2), Status = r.Text(3), OutputLength = r.IsDBNull(4) ? 0 : r.Long(4),
        AddDate = r.Text(5), ModifyDate = r.Text(6), Errors = r.Long(7), Warnings = r.Long(8),
        Output = withOutput ? r.NullableText(9) : null,
    };

    private static DiagnosticRecord ReadDiagnostic(DbDataReader r) => new()
    {
        Id = r.Long(0), BuildId = r.Long(1), PhaseId = r.Long(2), PhaseName = r.Text(3), Kind = r.Text(4), Code = r.NullableText(5),
        Text = r.Text(6), SourceFile = r.NullableText(7), SourceLine = r.IsDBNull(8) ? null : (int)r.Long(8),
        SourceColumn = r.IsDBNull(9) ? null : (int)r.Long(9), LogLine = (int)r.Long(10),
        ContextBefore = JsonSerializer.Deserialize<List<string>>(r.Text(11)) ?? [],
        ContextAfter = JsonSerializer.Deserialize<List<string>>(r.Text(12)) ?? [], RepeatCount = (int)r.Long(13),
    };

    private static SpecRow ReadSpecRow(DbDataReader r) => new()
    {
        Id = r.Long(0), Name = r.Text(1), Version = r.Text(2), Namespace = r.NullableText(3), FullHash = r.Text(4),
        SpackVersion = r.Text(5), AddDate = r.Text(6),
    };
}
