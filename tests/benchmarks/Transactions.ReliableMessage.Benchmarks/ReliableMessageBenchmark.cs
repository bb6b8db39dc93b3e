using System.Globalization;
using Transactions.Testing;
using Transactions.Testing.Benchmarking;

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
        var outbox = new List<RunResult>();
        var endToEnd = new List<RunResult>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        // One round that is not measured: this process (producer and consumer applications, the outbox relay) runs
        // tier-0 code at first, and its JIT competes for the same 2 cores; every measured round then meets warm code
        // here. The service is a fresh process per run: the warm-up messages of each run are for it.
        output.WriteLine("  warm-up round (not measured) ...");
        await RawKafkaBaseline.RunAsync(TestEnvironment.KafkaBootstrapServers, options.Warmup, cancellation.Token);
        await OutboxRelayBaseline.RunAsync(options with { Messages = options.Warmup }, TestEnvironment.KafkaBootstrapServers, cancellation.Token);
        await EndToEndRun.RunAsync(options with { Messages = options.Warmup }, TextWriter.Null, cancellation.Token);
        for (var run = 1; run <= options.Runs; run++)
        {
            var raw = await RawKafkaBaseline.RunAsync(TestEnvironment.KafkaBootstrapServers, options.Messages, cancellation.Token);
            baseline.Add(raw);
            output.WriteLine($"  run {run}: raw Confluent produce+consume {raw.PerSecond,8:F0} msg/s ({raw.Elapsed.TotalSeconds:F2} s)");
            var relay = await OutboxRelayBaseline.RunAsync(options, TestEnvironment.KafkaBootstrapServers, cancellation.Token);
            outbox.Add(relay);
            output.WriteLine($"  run {run}: minimal outbox relay           {relay.PerSecond,8:F0} msg/s ({relay.Elapsed.TotalSeconds:F2} s)");
            var e2e = await EndToEndRun.RunAsync(options, output, cancellation.Token);
            endToEnd.Add(e2e);
            output.WriteLine($"  run {run}: end to end                    {e2e.PerSecond,8:F0} msg/s ({e2e.Elapsed.TotalSeconds:F2} s), service working set max {e2e.MaxWorkingSetBytes / 1024 / 1024} MB");
            if (e2e.Details is { } d)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    send (Prepare + local transaction + Commit) p50 {d.SendP50:F2} ms p99 {d.SendP99:F2} ms; commit to handler p99 {d.HandledP99:F0} ms"));
                if (CpuSplit.Available)
                {
                    output.WriteLine($"    CPU ms per message: {CpuSplit.Format(d.Cpu)}");
                }

                output.WriteLine($"    service SQL per message: {d.Sql}");
            }
        }

        var medianRaw = Median(baseline.Select(r => r.PerSecond));
        var medianOutbox = Median(outbox.Select(r => r.PerSecond));
        var medianE2e = Median(endToEnd.Select(r => r.PerSecond));
        var details = endToEnd.Select(r => r.Details).OfType<RunDetails>().ToArray();
        var maxWorkingSet = endToEnd.Max(r => r.MaxWorkingSetBytes);
        output.WriteLine();
        output.WriteLine($"median raw Kafka produce+consume: {medianRaw:F0} msg/s");
        output.WriteLine($"median end to end:                {medianE2e:F0} msg/s  (ratio {medianE2e / medianRaw:F3} of raw; target {TargetPerSecond:F0} msg/s: {(medianE2e >= TargetPerSecond ? "met" : $"missed by {(1 - (medianE2e / TargetPerSecond)) * 100:F0}%")})");
        output.WriteLine($"median minimal outbox relay:      {medianOutbox:F0} msg/s  (end to end / outbox {medianE2e / medianOutbox:F2}; target >= 0.80)");
        if (details.Length > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median send p50 {Median(details.Select(d => d.SendP50)):F2} ms (target <= 3), p99 {Median(details.Select(d => d.SendP99)):F2} ms (target <= 15); commit to handler p99 {Median(details.Select(d => d.HandledP99)):F0} ms (target <= 150)"));
            if (CpuSplit.Available)
            {
                output.WriteLine($"median CPU ms per message ({Environment.ProcessorCount} cores shared by all): {CpuSplit.Format(details[0].Cpu.Select((c, i) => (c.Name, Median(details.Select(d => d.Cpu[i].Ms)))))}");
            }
        }

        output.WriteLine($"service working set max:          {maxWorkingSet / 1024 / 1024} MB (target <= 256 MB: {(maxWorkingSet <= WorkingSetTarget ? "met" : "missed")})");
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
