using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>
/// The floor the service is measured against: a minimal transactional outbox on the same PostgreSQL and Kafka, with
/// the same producer loops, business rows and consumer work. A producer inserts its order row and an outbox row in
/// one local transaction (EF, pooled contexts, as the reliable-message producer does); one relay loop reads unpublished
/// rows in batches (<c>FOR UPDATE SKIP LOCKED</c>), produces them (acks=all, the service's linger), waits for the
/// delivery reports and marks them published; one consumer loop writes the inbox and shipment rows of a polled batch
/// in one transaction of the consumer database, then marks the batch acknowledged in the outbox. Timed from the first
/// insert to the last acknowledgement. It has none of the service's guarantees beyond at-least-once delivery with
/// de-duplication: no back-checks (the row commits with the business data), no per-group acknowledgement schedule,
/// no redelivery, no dead letters, one consumer group.
/// </summary>
public static class OutboxRelayBaseline
{
    private const int RelayBatch = 1_000;

    public static async Task<RunResult> RunAsync(BenchmarkOptions options, string bootstrap, CancellationToken cancellationToken)
    {
        var topic = $"bench-outbox-{Guid.NewGuid():N}"[..28];
        await using var producerDb = await ShopDatabase.CreateAsync("rm_outbox_producer");
        await using var consumerDb = await ShopDatabase.CreateAsync("rm_outbox_consumer");
        await ExecuteAsync(producerDb.ConnectionString, """
            CREATE TABLE bench_outbox (id bigserial PRIMARY KEY, topic text NOT NULL, payload bytea NOT NULL,
                published boolean NOT NULL DEFAULT false, acked boolean NOT NULL DEFAULT false);
            CREATE INDEX ix_bench_outbox_unpublished ON bench_outbox (id) WHERE NOT published;
            """);
        await ExecuteAsync(consumerDb.ConnectionString, "CREATE TABLE bench_inbox (id bigint PRIMARY KEY)");

        var services = new ServiceCollection()
            .AddDbContextPool<ShopDbContext>(o => o.UseNpgsql(BaselineSettings.Tuned(producerDb.ConnectionString)))
            .BuildServiceProvider();
        await using var _ = services;
        await using var producerData = NpgsqlDataSource.Create(BaselineSettings.Tuned(producerDb.ConnectionString));
        await using var consumerData = NpgsqlDataSource.Create(BaselineSettings.Tuned(consumerDb.ConnectionString));
        var producerConfig = BaselineSettings.Producer(bootstrap);
        producerConfig.EnableDeliveryReports = true;
        producerConfig.DeliveryReportFields = "none";
        using var producer = new ProducerBuilder<Null, byte[]>(producerConfig).Build();
        await producer.ProduceAsync(topic, new Message<Null, byte[]> { Value = [0] }, cancellationToken);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(BaselineSettings.Consumer(bootstrap, topic + "-g")).Build();
        consumer.Subscribe(topic);
        await BaselineSettings.JoinAsync(consumer, cancellationToken);

        // Warm-up of the producer side's JIT and pools (the relay and consumer ignore these rows: marked done).
        await InsertAsync(services, options with { Messages = options.Warmup }, topic, "warm", cancellationToken);
        await ExecuteAsync(producerDb.ConnectionString, "UPDATE bench_outbox SET published = true, acked = true");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var relay = Task.Run(() => RelayAsync(producerData, producer, stop.Token), CancellationToken.None);
        var consuming = Task.Run(() => ConsumeAsync(consumer, consumerData, producerData, options.Messages, stop.Token), CancellationToken.None);
        await InsertAsync(services, options, topic, "m", cancellationToken);
        await consuming;
        stopwatch.Stop();
        await stop.CancelAsync();
        try
        {
            await relay;
        }
        catch (OperationCanceledException)
        {
        }

        consumer.Close();
        return new RunResult(options.Messages, stopwatch.Elapsed, 0);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The producers: order row + outbox row in one local transaction, <see cref="BenchmarkOptions.Producers"/> loops.</summary>
    private static async Task InsertAsync(IServiceProvider services, BenchmarkOptions options, string topic, string prefix, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Producers).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < options.Messages)
                {
                    var orderId = $"{prefix}-{i}";
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    db.Orders.Add(new Order { Id = orderId });
                    await db.SaveChangesAsync(cancellationToken);
                    var payload = System.Text.Encoding.UTF8.GetBytes(orderId);
                    await db.Database.ExecuteSqlAsync($"INSERT INTO bench_outbox (topic, payload) VALUES ({topic}, {payload})", cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
            },
            cancellationToken)));
    }

    /// <summary>Reads unpublished rows in batches, produces them, marks them published; polls every 2 ms when idle.</summary>
    private static async Task RelayAsync(NpgsqlDataSource data, IProducer<Null, byte[]> producer, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var connection = await data.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var rows = new List<(long Id, string Topic, byte[] Payload)>(RelayBatch);
            await using (var select = new NpgsqlCommand(
                $"SELECT id, topic, payload FROM bench_outbox WHERE NOT published ORDER BY id LIMIT {RelayBatch} FOR UPDATE SKIP LOCKED", connection, transaction))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
                }
            }

            if (rows.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                await Task.Delay(2, cancellationToken);
                continue;
            }

            var pending = rows.Count;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var row in rows)
            {
                producer.Produce(row.Topic, new Message<Null, byte[]> { Value = BitConverter.GetBytes(row.Id) }, report =>
                {
                    if (report.Error.IsError)
                    {
                        done.TrySetException(new KafkaException(report.Error));
                    }
                    else if (Interlocked.Decrement(ref pending) == 0)
                    {
                        done.TrySetResult();
                    }
                });
            }

            await done.Task.WaitAsync(cancellationToken);
            await using (var update = new NpgsqlCommand("UPDATE bench_outbox SET published = true WHERE id = ANY($1)", connection, transaction))
            {
                update.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Id).ToArray() });
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Polls batches; per batch, one consumer-database transaction (inbox rows, skipping duplicates, and a shipment row
    /// per new message), then one update marking the batch acknowledged in the outbox.
    /// </summary>
    private static async Task ConsumeAsync(
        IConsumer<Ignore, byte[]> consumer, NpgsqlDataSource consumerData, NpgsqlDataSource producerData, int expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var acked = 0;
        var batch = new List<long>(500);
        while (acked < expected)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"The outbox baseline acknowledged {acked} of {expected} messages.");
            }

            batch.Clear();
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            while (record is not null)
            {
                if (record.Message.Value.Length == sizeof(long))
                {
                    batch.Add(BitConverter.ToInt64(record.Message.Value));
                }

                record = batch.Count < 500 ? consumer.Consume(TimeSpan.Zero) : null;
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var ids = batch.ToArray();
            await using (var connection = await consumerData.OpenConnectionAsync(cancellationToken))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await using var handle = new NpgsqlCommand(
                    """
                    WITH fresh AS (INSERT INTO bench_inbox (id) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING RETURNING id)
                    INSERT INTO shipments ("MessageId", "OrderId") SELECT id, id::text FROM fresh
                    """,
                    connection,
                    transaction);
                handle.Parameters.Add(new NpgsqlParameter { Value = ids });
                await handle.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            await using (var connection = await producerData.OpenConnectionAsync(cancellationToken))
            await using (var ack = new NpgsqlCommand("UPDATE bench_outbox SET acked = true WHERE id = ANY($1) AND NOT acked", connection))
            {
                ack.Parameters.Add(new NpgsqlParameter { Value = ids });
                acked += await ack.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
