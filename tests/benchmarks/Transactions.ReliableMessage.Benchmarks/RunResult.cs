namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>One measured run.</summary>
/// <param name="Messages">Messages measured.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="MaxWorkingSetBytes">Largest working set of the service process seen (0 for the baselines).</param>
/// <param name="Details">CPU, SQL and latency figures of an end-to-end run, or null.</param>
public sealed record RunResult(int Messages, TimeSpan Elapsed, long MaxWorkingSetBytes, RunDetails? Details = null)
{
    /// <summary>Messages per second.</summary>
    public double PerSecond => Messages / Elapsed.TotalSeconds;
}
