using System.Text;
using SpackMon.Analysis;

namespace SpackMon.Bench;

/// <summary>Throughput of the error/warning extractor over a large, realistic MSBuild log, against the regex baseline.</summary>
public static class LogAnalysisBenchmark
{
    /// <summary>Runs the benchmark and adds its row to <paramref name="table"/>.</summary>
    public static void Run(ResultTable table, int runs)
    {
        var log = RealisticLog(targetBytes: 64 * 1024 * 1024);
        var megabytes = Encoding.UTF8.GetByteCount(log) / 1e6;
        var found = LogAnalyzer.Analyze(log);

        var ours = Measurement.Seconds(runs, () => LogAnalyzer.Analyze(log)).Select(s => megabytes / s);
        // The baseline is far slower: measure it on a slice so the run stays short; MB/s is what is compared.
        var slice = log[..(log.Length / 16)];
        var sliceMegabytes = Encoding.UTF8.GetByteCount(slice) / 1e6;
        var baseline = Measurement.Seconds(Math.Max(1, runs / 2), () => ReferenceLogParser.Parse(slice)).Select(s => sliceMegabytes / s);

        table.Add($"log analysis ({megabytes:0} MB MSBuild log, {found.Count} distinct diagnostics)",
            ResultTable.Format(ours, "MB/s"), ResultTable.Format(baseline, "MB/s") + " regex port of the reference parser",
            $"{ours.Median / baseline.Median:0.0}× faster", "≥ 200 MB/s", ours.Median >= 200);
    }

    /// <summary>A detailed-verbosity MSBuild log: targets, csc command lines, outputs, and a diagnostic now and then.</summary>
    public static string RealisticLog(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 4096);
        var i = 0;
        while (sb.Length < targetBytes)
        {
            var project = $"/home/ci/work/src/Company.Module{i % 97}/Company.Module{i % 97}.csproj";
            sb.Append("Target \"CoreCompile\" in file \"/usr/share/dotnet/sdk/10.0.401/Roslyn/Microsoft.CSharp.Core.targets\" from project \"").Append(project).Append("\":\n");
            sb.Append("  Building target \"CoreCompile\" completely.\n");
            sb.Append("  /usr/share/dotnet/dotnet exec \"/usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/csc.dll\" /noconfig /unsafe- /checked- /nowarn:1701,1702,1591 /fullpaths /nostdlib+ /errorreport:prompt /warn:9 /define:TRACE;DEBUG;NET;NET10_0 /highentropyva+ /nullable:enable /reference:/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/10.0.0/ref/net10.0/System.Runtime.dll /debug+ /debug:portable /optimize- /out:obj/Debug/net10.0/Company.Module.dll /target:library /warnaserror- /utf8output /deterministic+ Class1.cs Class2.cs Class3.cs\n");
            for (var k = 0; k < 6; k++)
                sb.Append("  Task \"Copy\" skipped, due to false condition; ('$(UseCommonOutputDirectory)' != 'true') was evaluated as ('false' != 'true').\n");
            sb.Append("  Company.Module").Append(i % 97).Append(" -> /home/ci/work/src/Company.Module/bin/Debug/net10.0/Company.Module.dll\n");
            if (i % 50 == 0)
                sb.Append("/home/ci/work/src/Company.Module/Class").Append(i % 7).Append(".cs(").Append(10 + i % 40).Append(",17): warning CS0168: The variable 'e' is declared but never used [").Append(project).Append("]\n");
            if (i % 400 == 0)
                sb.Append("/home/ci/work/src/Company.Module/Class").Append(i % 5).Append(".cs(").Append(3 + i % 30).Append(",9): error CS0103: The name 'helper' does not exist in the current context [").Append(project).Append("]\n");
            sb.Append("Done building target \"CoreCompile\" in project \"Company.Module.csproj\".\n");
            i++;
        }
        return sb.ToString();
    }
}
