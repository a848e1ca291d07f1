using System.Diagnostics;

namespace SpackMon.Bench;

/// <summary>Repeated timings of one thing: median, min and max.</summary>
public sealed class Measurement(IReadOnlyList<double> samples)
{
    /// <summary>The samples, in the unit they were taken in.</summary>
    public IReadOnlyList<double> Samples { get; } = samples;
    /// <summary>Median sample.</summary>
    public double Median
    {
        get
        {
            var s = Sorted;
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        }
    }
    /// <summary>Smallest sample.</summary>
    public double Min => Sorted[0];
    /// <summary>Largest sample.</summary>
    public double Max => Sorted[^1];
    private double[] Sorted => [.. Samples.Order()];

    /// <summary>Runs <paramref name="action"/> <paramref name="runs"/> times (after one warm-up) and records seconds.</summary>
    public static Measurement Seconds(int runs, Action action, bool warmUp = true)
    {
        if (warmUp)
            action();
        var samples = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples.Add(clock.Elapsed.TotalSeconds);
        }
        return new Measurement(samples);
    }

    /// <summary>The same samples mapped (e.g. seconds → MB/s).</summary>
    public Measurement Select(Func<double, double> map) => new([.. Samples.Select(map)]);
}
