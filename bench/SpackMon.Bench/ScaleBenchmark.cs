using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using SpackMon.Server;

namespace SpackMon.Bench;

/// <summary>
/// Reads at scale: a SQLite database seeded with a million builds (10,000 project specs built on 100 hosts, each
/// spec with package dependencies, two phases a build), then the time of the pages people open most: the builds
/// table (first and a deep page, filtered), a build, and "which builds used package X@Y". Seeding writes the rows
/// straight into the server's own schema (created by the server) so that it takes seconds, not hours of HTTP.
/// </summary>
public static class ScaleBenchmark
{
    private const int Hosts = 100;
    private const int Packages = 200;
    private const int Requests = 40;

    /// <summary>Runs the benchmark and adds its rows to <paramref name="table"/>.</summary>
    public static async Task RunAsync(ResultTable table, int builds)
    {
        var folder = Path.Combine(Path.GetTempPath(), "spackmon-bench-scale-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", SqlitePath = Path.Combine(folder, "spackmon.db") };
        try
        {
            await (await MonitorServer.StartAsync(options)).DisposeAsync(); // creates the schema
            var clock = Stopwatch.StartNew();
            Seed(options.SqlitePath!, builds);
            Console.Error.WriteLine($"  scale: seeded {builds:N0} builds in {clock.Elapsed.TotalSeconds:0.0} s");

            await using var server = await MonitorServer.StartAsync(options);
            using var http = new HttpClient { BaseAddress = server.BaseAddress };
            foreach (var (name, path) in Pages(builds))
            {
                var times = await TimeAsync(http, path);
                var p99 = times.Samples.Order().ElementAt((int)Math.Ceiling(0.99 * times.Samples.Count) - 1);
                table.Add($"{name}, {builds:N0} builds", $"p50 {times.Median:0.0} ms, p99 {p99:0.0} ms", "—", "—", "< 100 ms", p99 < 100);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What is timed: the name of the row and the path asked for.</summary>
    private static IEnumerable<(string Name, string Path)> Pages(int builds)
    {
        yield return ("builds page (HTML), first page", "/");
        yield return ("builds page, FAILED only, sorted by spec", "/?status=FAILED&sort=spec");
        yield return ("builds page, one owner and spec name", "/?owner=bench&spec=Project.7");
        yield return ("builds API, first page", "/api/builds/?page=1&page_size=50");
        yield return ("builds API, a deep page", $"/api/builds/?page={builds / 50 / 2}&page_size=50");
        yield return ("build page (HTML)", $"/builds/{builds / 2}");
        yield return ("dependents page: builds that used Package.7@1.0.0", "/dependents?name=Package.7&version=1.0.0");
        yield return ("dependents API", "/api/dependents/?name=Package.7&version=1.0.0");
        yield return ("dependent builds API", "/api/dependents/builds/?name=Package.7&version=1.0.0");
    }

    private static async Task<Measurement> TimeAsync(HttpClient http, string path)
    {
        (await http.GetAsync(path)).EnsureSuccessStatusCode(); // warm-up: JIT, page cache, query plan
        var samples = new List<double>();
        for (var i = 0; i < Requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            var milliseconds = clock.Elapsed.TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
            samples.Add(milliseconds);
        }
        return new Measurement(samples);
    }

    private static void Seed(string path, int builds)
    {
        var specs = builds / Hosts;
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }
        using var tx = connection.BeginTransaction();
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string When(long i) => start.AddSeconds(i * 7).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

        Execute(connection, tx, "INSERT INTO users (name, token_hash, add_date) VALUES ('bench', NULL, @d)", ("@d", When(0)));
        var userId = Scalar(connection, tx, "SELECT id FROM users WHERE name = 'bench'");

        var environment = Prepare(connection, tx, "INSERT INTO build_environments (hostname, kernel_version, host_os, platform, host_target) VALUES (@h, '6.1.0', 'debian12', 'linux', 'x86_64')", "@h");
        for (var h = 0; h < Hosts; h++)
            Run(environment, $"host-{h:000}");
        var firstEnvironment = Scalar(connection, tx, "SELECT MIN(id) FROM build_environments");

        var spec = Prepare(connection, tx,
            "INSERT INTO specs (full_hash, spack_version, name, version, namespace, platform, platform_os, target, compiler_name, compiler_version, parameters, add_date) " +
            "VALUES (@f, '0.1.0', @n, @v, @ns, 'any', 'portable', 'anycpu', 'roslyn', '10.0.401', '{\"Configuration\":\"Release\"}', @d)", "@f", "@n", "@v", "@ns", "@d");
        for (var p = 0; p < Packages; p++)
            Run(spec, $"pkg{p:x28}", $"Package.{p % 100}", $"1.0.{p / 100}", "nuget", When(p));
        var firstPackage = Scalar(connection, tx, "SELECT MIN(id) FROM specs");
        for (var s = 0; s < specs; s++)
            Run(spec, $"prj{s:x28}", $"Project.{s % 1000}", $"1.{s / 1000}.0", "dotnet", When(s));
        var firstProject = firstPackage + Packages;

        var dependency = Prepare(connection, tx,
            "INSERT INTO spec_dependencies (spec_id, name, full_hash, dependency_spec_id, types) VALUES (@s, @n, @f, @t, '[\"build\",\"link\"]')", "@s", "@n", "@f", "@t");
        for (var s = 0; s < specs; s++)
            for (var k = 0; k < 3; k++)
            {
                var p = (s * 7 + k * 61) % Packages;
                Run(dependency, firstProject + s, $"Package.{p % 100}", $"pkg{p:x28}", firstPackage + p);
            }

        var build = Prepare(connection, tx,
            "INSERT INTO builds (spec_id, build_environment_id, owner_id, status, add_date, modify_date) VALUES (@s, @e, @o, @st, @d, @d)", "@s", "@e", "@o", "@st", "@d");
        var phase = Prepare(connection, tx,
            "INSERT INTO build_phases (build_id, name, status, output, add_date, modify_date) VALUES (@b, @n, @st, NULL, @d, @d)", "@b", "@n", "@st", "@d");
        string[] statuses = ["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS", "FAILED", "CANCELLED", "SUCCESS"];
        for (long b = 0; b < builds; b++)
        {
            var status = statuses[b % statuses.Length];
            var when = When(b);
            Run(build, firstProject + b % specs, firstEnvironment + b / specs, userId, status, when);
            var id = b + 1;
            Run(phase, id, "compile", status == "FAILED" ? "ERROR" : "SUCCESS", when);
            Run(phase, id, "build", status == "SUCCESS" ? "SUCCESS" : "FAILED", when);
        }
        tx.Commit();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
