namespace Transactions.Coordinator.Benchmarks;

/// <summary>Throughput and latency of one measured run.</summary>
public sealed record LoadResult(string Name, int Count, TimeSpan Elapsed, double[] LatenciesMs)
{
    /// <summary>Operations per second.</summary>
    public double PerSecond => Count / Elapsed.TotalSeconds;

    /// <summary>Latency percentile in milliseconds.</summary>
    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        var index = (int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }
}
