using SpackMon.Bench;

// Runs the benchmarks, prints a Markdown table (stdout) and writes it to bench/results/latest.md.
// Usage: dotnet run -c Release --project bench/SpackMon.Bench [-- --only log] [--runs N]
var only = ArgValue("--only");
var runs = int.TryParse(ArgValue("--runs"), out var r) && r > 0 ? r : 5;
var table = new ResultTable();

if (only is null or "log")
    LogAnalysisBenchmark.Run(table, runs);

var machine = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";
var report = $"Benchmarks ({machine}; {runs} runs each, median with min–max)\n\n{table}";
Console.WriteLine(report);
var repo = FindRepo();
var results = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(results);
File.WriteAllText(Path.Combine(results, "latest.md"), report);
Console.Error.WriteLine($"written to {Path.Combine(results, "latest.md")}");

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
    return Directory.GetCurrentDirectory();
}
