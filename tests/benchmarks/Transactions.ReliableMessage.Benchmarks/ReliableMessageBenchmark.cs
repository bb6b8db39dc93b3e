using Transactions.Testing;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>Runs the baseline and the end-to-end measurement alternately and prints medians and their ratio.</summary>
public static class ReliableMessageBenchmark
{
    private const double TargetPerSecond = 5_000;
    private const long WorkingSetTarget = 256L * 1024 * 1024;

    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        if (TestEnvironment.PostgresConnectionString is null || TestEnvironment.KafkaBootstrapServers is null)
        {
            output.WriteLine("The benchmark needs TX_TEST_POSTGRES and TX_TEST_KAFKA: run it with ./build.sh bench (or eval \"$(./build.sh infra start)\" first).");
            return 2;
        }

        if (options.Probe)
        {
            output.WriteLine("Latency of the steps of one send (sequential calls):");
            await LatencyProbe.RunAsync(output, 300);
            return 0;
        }

        output.WriteLine($"Reliable message end to end vs raw Kafka: {options.Messages} messages x {options.Runs} runs, {options.Producers} producer loops, " +
            $"{(options.LocalTransaction ? "producer local transaction (barrier + order row)" : "Prepare + Commit only")}, {Environment.ProcessorCount} cores");
        var baseline = new List<RunResult>();
        var endToEnd = new List<RunResult>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        for (var run = 1; run <= options.Runs; run++)
        {
            var raw = await RawKafkaBaseline.RunAsync(TestEnvironment.KafkaBootstrapServers, options.Messages, cancellation.Token);
            baseline.Add(raw);
            output.WriteLine($"  run {run}: raw Confluent produce+consume {raw.PerSecond,8:F0} msg/s ({raw.Elapsed.TotalSeconds:F2} s)");
            var e2e = await EndToEndRun.RunAsync(options, output, cancellation.Token);
            endToEnd.Add(e2e);
            output.WriteLine($"  run {run}: end to end                    {e2e.PerSecond,8:F0} msg/s ({e2e.Elapsed.TotalSeconds:F2} s), service working set max {e2e.MaxWorkingSetBytes / 1024 / 1024} MB");
        }

        var medianRaw = Median(baseline.Select(r => r.PerSecond));
        var medianE2e = Median(endToEnd.Select(r => r.PerSecond));
        var maxWorkingSet = endToEnd.Max(r => r.MaxWorkingSetBytes);
        output.WriteLine();
        output.WriteLine($"median raw Kafka produce+consume: {medianRaw:F0} msg/s");
        output.WriteLine($"median end to end:                {medianE2e:F0} msg/s  (ratio {medianE2e / medianRaw:F3} of raw; target {TargetPerSecond:F0} msg/s: {(medianE2e >= TargetPerSecond ? "met" : $"missed by {(1 - (medianE2e / TargetPerSecond)) * 100:F0}%")})");
        output.WriteLine($"service working set max:          {maxWorkingSet / 1024 / 1024} MB (target <= 256 MB: {(maxWorkingSet <= WorkingSetTarget ? "met" : "missed")})");
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
