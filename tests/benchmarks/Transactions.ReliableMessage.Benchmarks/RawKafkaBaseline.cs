using System.Diagnostics;
using Confluent.Kafka;
using Google.Protobuf;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>
/// The baseline: the same number of records, of the same size as the service's envelopes, produced (acks=all,
/// keyed) and consumed by a fresh consumer group with plain Confluent.Kafka, first produce to last consume.
/// </summary>
public static class RawKafkaBaseline
{
    public static async Task<RunResult> RunAsync(string bootstrap, int messages, CancellationToken cancellationToken)
    {
        var topic = $"bench-raw-{Guid.NewGuid():N}"[..24];
        using var producer = new ProducerBuilder<byte[]?, byte[]>(BaselineSettings.Producer(bootstrap)).Build();
        // Create the topic and wait for its leader before timing.
        await producer.ProduceAsync(topic, new Message<byte[]?, byte[]> { Key = null, Value = [0] }, cancellationToken);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(BaselineSettings.Consumer(bootstrap, topic + "-g")).Build();
        consumer.Subscribe(topic);
        await BaselineSettings.JoinAsync(consumer, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var produced = Task.Run(
            () =>
            {
                for (var i = 0; i < messages; i++)
                {
                    var envelope = new MessageEnvelope
                    {
                        MessageId = 1_000_000 + i,
                        Topic = topic,
                        Key = $"order-{i}",
                        ProducerGroup = "orders-service",
                        Attempt = 1,
                        CreatedUnixMs = 1,
                        CommittedUnixMs = 2,
                        SentUnixMs = 3,
                        Payload = ByteString.CopyFromUtf8($"order-{i}"),
                    };
                    producer.Produce(topic, new Message<byte[]?, byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(envelope.Key), Value = envelope.ToByteArray() });
                }

                producer.Flush(TimeSpan.FromSeconds(60));
            },
            cancellationToken);
        var consumed = 0;
        var deadline = Stopwatch.StartNew();
        while (consumed < messages && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var record = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(200)), cancellationToken);
            while (record is not null)
            {
                if (record.Message.Value.Length > 1)
                {
                    consumed++;
                }

                record = consumer.Consume(TimeSpan.Zero);
            }
        }

        stopwatch.Stop();
        await produced;
        consumer.Close();
        return consumed < messages
            ? throw new TimeoutException($"The baseline consumed {consumed} of {messages} records.")
            : new RunResult(messages, stopwatch.Elapsed, 0);
    }
}
