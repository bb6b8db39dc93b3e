using System.Diagnostics;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>Runs an operation a fixed number of times with fixed concurrency (bounded in count).</summary>
public static class LoadRunner
{
    /// <summary>Runs <paramref name="operation"/> <paramref name="count"/> times by <paramref name="concurrency"/> workers.</summary>
    public static async Task<LoadResult> RunAsync(string name, int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        stopwatch.Stop();
        return new LoadResult(name, count, stopwatch.Elapsed, latencies);
    }
}
