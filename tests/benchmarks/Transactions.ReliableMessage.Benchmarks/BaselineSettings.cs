using System.Diagnostics;
using Confluent.Kafka;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>Settings the benchmark's own clients share: the Kafka clients of the baselines (for the Kafka 0.9 broker of these machines) and the Npgsql tuning of the applications' databases.</summary>
public static class BaselineSettings
{
    /// <summary>A producer as the service's (acks=all, 2 ms linger, no Nagle).</summary>
    public static ProducerConfig Producer(string bootstrap) => new()
    {
        BootstrapServers = bootstrap,
        ApiVersionRequest = false,
        BrokerVersionFallback = "0.9.0.1",
        Acks = Acks.All,
        LingerMs = 2,
        SocketNagleDisable = true,
    };

    /// <summary>A consumer of a fresh group reading from the start, offsets committed automatically.</summary>
    public static ConsumerConfig Consumer(string bootstrap, string group) => new()
    {
        BootstrapServers = bootstrap,
        ApiVersionRequest = false,
        BrokerVersionFallback = "0.9.0.1",
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = true,
        SocketNagleDisable = true,
    };

    /// <summary>Polls until the consumer has its partitions (at most 60 s), so timing starts with a joined group.</summary>
    public static async Task JoinAsync<TKey>(IConsumer<TKey, byte[]> consumer, CancellationToken cancellationToken)
    {
        var joined = Stopwatch.StartNew();
        while (consumer.Assignment.Count == 0 && joined.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(100)), cancellationToken);
        }
    }

    /// <summary>The Npgsql settings shared/environment.md measured as worth it on these machines (the service applies them itself).</summary>
    public static string Tuned(string connectionString) => connectionString + ";Max Auto Prepare=32;No Reset On Close=true";
}
