namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>Latency samples in milliseconds, added from any thread; percentiles of what was added since the last <see cref="Clear"/>.</summary>
public sealed class Latencies
{
    private readonly Lock _gate = new();
    private readonly List<double> _samples = [];

    /// <summary>Adds one sample.</summary>
    public void Add(double milliseconds)
    {
        lock (_gate)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>Forgets every sample (the warm-up's).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _samples.Clear();
        }
    }

    /// <summary>The <paramref name="percentile"/>th percentile (0-100), or NaN without samples.</summary>
    public double Percentile(double percentile)
    {
        lock (_gate)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * percentile / 100))];
        }
    }
}
