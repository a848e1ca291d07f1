using System.Globalization;
using System.Text;

namespace SpackMon.Bench;

/// <summary>The Markdown table every benchmark adds its rows to.</summary>
public sealed class ResultTable
{
    private readonly StringBuilder rows = new();

    /// <summary>Adds one row: what, ours, baseline, the ratio, the target and whether it is met.</summary>
    public void Add(string benchmark, string ours, string baseline, string ratio, string target, bool? met)
    {
        rows.AppendLine($"| {benchmark} | {ours} | {baseline} | {ratio} | {target} | {(met is null ? "—" : met.Value ? "yes" : "**no**")} |");
        Console.Error.WriteLine($"  {benchmark}: {ours} (baseline {baseline}, ratio {ratio})");
    }

    /// <summary>Formats a measurement as "median (min–max) unit".</summary>
    public static string Format(Measurement m, string unit, string format = "0.0") =>
        string.Create(CultureInfo.InvariantCulture, $"{m.Median.ToString(format, CultureInfo.InvariantCulture)} {unit} ({m.Min.ToString(format, CultureInfo.InvariantCulture)}–{m.Max.ToString(format, CultureInfo.InvariantCulture)})");

    /// <summary>The whole table with its header.</summary>
    public override string ToString() =>
        "| benchmark | ours: median (min–max) | baseline: median (min–max) | ratio | target | met |\n" +
        "|---|---|---|---|---|---|\n" + rows;
}
