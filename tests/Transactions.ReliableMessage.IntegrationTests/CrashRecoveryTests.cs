using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// SIGKILL of a service instance while it dispatches a stream of messages; a second instance shares the database.
/// Afterwards every message whose local transaction committed is delivered and acknowledged exactly once in the
/// consumer's database, and no message whose local transaction rolled back is ever delivered. An instance killed while
/// it holds leases and started again with the same instance id takes its earlier run's work back at once.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 300;
    private const int Writers = 6;

    // Fewer than the service's CheckParallelism (16), so that every back-check is in flight at once.
    private const int HeldChecks = 12;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [ServersFact]
    public async Task ServiceKilledDuringDispatch_AfterRestartEveryCommittedMessageIsDeliveredOnceAndNoRolledBackOne()
    {
        var topic = $"crash-{_suffix}";
        var group = $"crash-warehouse-{_suffix}";
        var serviceDb = await PostgresDatabase.CreateAsync("rm_crash");
        _cleanup.Add(serviceDb);
        var settings = new Dictionary<string, string>
        {
            ["ReliableMessage__PollInterval"] = "00:00:00.200",
            ["ReliableMessage__LeaseDuration"] = "00:00:04",
            // Call budgets a loaded machine meets; the lease (4 s) must exceed them.
            ["ReliableMessage__CheckTimeout"] = "00:00:03",
            ["ReliableMessage__PushTimeout"] = "00:00:03",
            ["ReliableMessage__CheckDelay"] = "00:00:02",
            ["ReliableMessage__CheckRetryInitialBackoff"] = "00:00:01",
            ["ReliableMessage__CheckRetryMaxBackoff"] = "00:00:02",
            ["ReliableMessage__SubscriptionRefreshInterval"] = "00:00:01",
            ["ReliableMessage__RedeliverySchedule__0"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__1"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__2"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__3"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__4"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__5"] = "00:00:05",
        };
        var first = await ServiceProcess.StartAsync(serviceDb.ConnectionString, settings: settings);
        _cleanup.Add(first);
        var second = await ServiceProcess.StartAsync(serviceDb.ConnectionString, settings: settings);
        _cleanup.Add(second);
        var consumerDb = await ShopDatabase.CreateAsync("rm_crash_consumer");
        _cleanup.Add(consumerDb);
        var consumer = await ConsumerApp.StartAsync(second.GrpcAddress, consumerDb, group, topic);
        _cleanup.Add(consumer);
        await consumer.WaitAssignedAsync();
        var producerDb = await ShopDatabase.CreateAsync("rm_crash_producer");
        _cleanup.Add(producerDb);
        var producer = await ProducerApp.StartAsync(first.GrpcAddress, producerDb, FreePort.Next());
        _cleanup.Add(producer);

        var sent = 0;
        var failures = new ConcurrentBag<string>();
        var killed = new TaskCompletionSource();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < Messages; i += Writers)
            {
                try
                {
                    // Every 7th local transaction fails: its message must never be delivered.
                    await producer.PlaceOrderAsync(topic, $"order-{i}", fail: i % 7 == 3);
                }
                catch (Exception ex)
                {
                    failures.Add(ex.GetType().Name);
                }

                if (Interlocked.Increment(ref sent) == Messages / 3)
                {
                    first.Kill();
                    killed.SetResult();
                }
            }
        })).ToList();
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await first.StartAgainAsync();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(5));

        var committed = await CommittedBarriersAsync(producerDb);
        var orders = await producerDb.ReadAsync(db => db.Orders.Select(o => o.Id));
        await Eventually.WaitAsync(
            async () => (await consumerDb.ReadAsync(db => db.Shipments.Select(s => s.MessageId))).Count >= committed.Count,
            TimeSpan.FromMinutes(3),
            $"the consumer received all {committed.Count} committed messages");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var shipped = await consumerDb.ReadAsync(db => db.Shipments.Select(s => s.MessageId));

        Assert.True(failures.Count > Messages / 7 - 5, $"expected the failing local transactions to fail, saw {failures.Count} failures");
        Assert.Equal(orders.Count, committed.Count);
        Assert.Equal(committed.OrderBy(x => x), shipped.OrderBy(x => x));
        foreach (var id in committed.Take(20))
        {
            await Eventually.WaitAsync(() => second.AcknowledgedByAsync(id, group), TimeSpan.FromMinutes(1), $"message {id} acknowledged");
        }

        var notCommitted = await RolledBackBarriersAsync(producerDb);
        output.WriteLine($"{Messages} sends, {failures.Count} failed ({string.Join(", ", failures.GroupBy(f => f).Select(g => $"{g.Key} x{g.Count()}"))}), " +
            $"{committed.Count} committed locally and delivered once, {notCommitted.Count} rolled back by back-checks, none of them delivered");
        Assert.Empty(notCommitted.Intersect(shipped));
        Assert.DoesNotContain(consumer.Log.Calls, c => !committed.Contains(c.MessageId));
    }

    [ServersFact]
    public async Task KilledWhileCheckingBack_RestartedInstanceTakesItsLeasesBackAtOnce()
    {
        var database = await PostgresDatabase.CreateAsync("rm_restart");
        _cleanup.Add(database);
        var producer = await HeldCheckEndpoint.StartAsync(CheckDecision.Rollback);
        _cleanup.Add(producer);
        var settings = new Dictionary<string, string>
        {
            // The default lease (30 s), and a check budget that outlasts the kill below.
            ["ReliableMessage__LeaseDuration"] = "00:00:30",
            ["ReliableMessage__CheckTimeout"] = "00:00:20",
            ["ReliableMessage__CheckDelay"] = "00:00:01",
            ["ReliableMessage__PollInterval"] = "00:00:00.200",
        };
        var service = await ServiceProcess.StartAsync(database.ConnectionString, settings: settings);
        _cleanup.Add(service);

        // One batch: the same check time for all, so one poll claims them all and every back-check runs at once.
        var batch = new PrepareBatchRequest();
        for (var i = 0; i < HeldChecks; i++)
        {
            batch.Items.Add(new PrepareRequest
            {
                Topic = "restart-orders",
                Key = $"order-{i}",
                Payload = ByteString.CopyFromUtf8($"order {i}"),
                ProducerGroup = "restart-producer",
                CheckEndpoint = producer.Address,
            });
        }

        var ids = (await service.Client.PrepareBatchAsync(batch)).Results.Select(r => r.Response.MessageId).ToList();
        Assert.All(ids, id => Assert.NotEqual(0, id));

        // Every message's back-check is in flight (leased to this run) when the process dies.
        await Eventually.WaitAsync(() => Task.FromResult(ids.All(producer.Calls.ContainsKey)), TimeSpan.FromSeconds(30), "a back-check of every message in flight");
        service.Kill();
        producer.Release();
        var restart = Stopwatch.StartNew();
        await service.StartAgainAsync();
        var startup = restart.Elapsed;

        var finished = await Eventually.WaitAsync(
            async () =>
            {
                foreach (var id in ids)
                {
                    var message = await service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id });
                    if (message.Status != MessageStatus.RolledBack)
                    {
                        return false;
                    }
                }

                return true;
            },
            TimeSpan.FromSeconds(60),
            "every message rolled back by a back-check after the restart");
        output.WriteLine($"restart took {startup.TotalSeconds:F1} s; every message rolled back {finished.TotalSeconds:F1} s after it (lease 30 s)");

        Assert.True(finished < TimeSpan.FromSeconds(10), $"the restarted instance waited {finished.TotalSeconds:F1} s: it did not take its earlier run's leases back");
        Assert.Contains($"Took back {HeldChecks} message(s)", service.Output, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Equal(2, producer.Calls[id]));
    }

    private static Task<List<long>> CommittedBarriersAsync(ShopDatabase db) =>
        db.ReadAsync(c => c.Set<MessageBarrierRecord>().Where(r => r.State == MessageBarrierState.Committed).Select(r => r.MessageId));

    private static Task<List<long>> RolledBackBarriersAsync(ShopDatabase db) =>
        db.ReadAsync(c => c.Set<MessageBarrierRecord>().Where(r => r.State == MessageBarrierState.RolledBack).Select(r => r.MessageId));
}
