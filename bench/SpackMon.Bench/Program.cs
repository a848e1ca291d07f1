using SpackMon.Bench;

// Runs the benchmarks, prints a Markdown table (stdout) and writes it to bench/results/latest.md.
// Usage: dotnet run -c Release --project bench/SpackMon.Bench [-- --only log|server|client|scale] [--runs N] [--seconds S]
var only = ArgValue("--only");
var runs = int.TryParse(ArgValue("--runs"), out var r) && r > 0 ? r : 5;
var seconds = double.TryParse(ArgValue("--seconds"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 4;
var known = new[] { "log", "server", "client", "scale" };
if (only is not null && !known.Contains(only))
{
    Console.Error.WriteLine($"spackmon-bench: unknown benchmark '{only}'; choose one of {string.Join(", ", known)}.");
    return 2;
}
var repo = FindRepo();
var table = new ResultTable();

if (only is null or "client")
    await ClientOverheadBenchmark.RunAsync(table, repo, runs);
if (only is null or "server")
    await ServerIngestBenchmark.RunAsync(table, Math.Max(1, runs / 2), BenchDatabase.Available(), TimeSpan.FromSeconds(seconds));
if (only is null or "scale")
    await ScaleBenchmark.RunAsync(table, builds: 1_000_000);
if (only is null or "log")
    LogAnalysisBenchmark.Run(table, runs);

var machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";
var report = $"Benchmarks ({machine}; {runs} runs each unless the row says otherwise, median with min–max)\n\n{table}";
Console.WriteLine(report);
var results = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(results);
File.WriteAllText(Path.Combine(results, "latest.md"), report);
Console.Error.WriteLine($"written to {Path.Combine(results, "latest.md")}");
return 0;

string? ArgValue(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "SpackMon.Build.sln")))
            return dir.FullName;
    throw new InvalidOperationException($"No SpackMon.Build.sln above {AppContext.BaseDirectory}: run the benchmarks from the repository.");
}
