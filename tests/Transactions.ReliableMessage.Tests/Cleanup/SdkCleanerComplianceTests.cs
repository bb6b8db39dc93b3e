using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Transactions.Common.Cleanup;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Inbox;
using Transactions.ReliableMessage.Producer;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.ReliableMessage.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>
/// The producer's barrier cleaner and the consumer's inbox cleaner, written once and run on every provider: tables
/// seeded with old and young rows, one run, and exactly the rows that are safe to delete are gone (the boundary
/// included: a row exactly at the cutoff stays, one a millisecond older goes).
/// </summary>
public abstract class SdkCleanerComplianceTests(ShopDatabase database)
{
    private const string Group = "warehouse";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static long nextId = Random.Shared.NextInt64(1, 1L << 40);

    [EnvironmentFact]
    public async Task BarrierCleanOnce_OldAndYoungRows_DeletesExactlyTheRowsPastTheRetention()
    {
        await ResetAsync();
        var retention = MessageBarrierCleanerOptions.DefaultRetention;
        var oldCommitted = await SeedBarrierAsync(Now - TimeSpan.FromDays(31), MessageBarrierState.Committed);
        var oldRolledBack = await SeedBarrierAsync(Now - TimeSpan.FromDays(90), MessageBarrierState.RolledBack);
        var justPast = await SeedBarrierAsync(Now - retention - TimeSpan.FromMilliseconds(1), MessageBarrierState.Committed);
        var atCutoff = await SeedBarrierAsync(Now - retention, MessageBarrierState.Committed);
        var checkPending = await SeedBarrierAsync(Now - TimeSpan.FromMinutes(20), MessageBarrierState.Committed);
        var young = await SeedBarrierAsync(Now - TimeSpan.FromDays(1), MessageBarrierState.RolledBack);
        await using var services = BuildServices();
        var sut = services.GetRequiredService<MessageBarrierCleaner<ShopDbContext>>();

        var deleted = await sut.CleanOnceAsync();

        Assert.Equal(3, deleted);
        Assert.Equal([atCutoff, checkPending, young], await BarrierIdsAsync());
        Assert.DoesNotContain(oldCommitted, await BarrierIdsAsync());
        Assert.DoesNotContain(oldRolledBack, await BarrierIdsAsync());
        Assert.DoesNotContain(justPast, await BarrierIdsAsync());

        // The back-check still pending for the 20-minute-old message answers from its surviving row.
        await using var check = database.CreateContext();
        Assert.Equal(MessageBarrierState.Committed, await MessageBarrier.ResolveAsync(check, checkPending, "orders-service", Now.ToUnixTimeMilliseconds(), default));
    }

    [EnvironmentFact]
    public async Task BarrierCleanOnce_ShortestAllowedRetentionAndALongCheckWindow_KeepsTheRowOfAMessageStillBeingChecked()
    {
        await ResetAsync();
        Action<MessageBarrierCleanerOptions> configure = o =>
        {
            o.Service.MaxCheckAttempts = 1_000;
            o.Service.CheckRetryMaxBackoff = TimeSpan.FromMinutes(10);
            o.Retention = o.MinimumRetention();
        };
        var settings = new MessageBarrierCleanerOptions();
        configure(settings);
        var window = settings.Service.Window();
        Assert.True(window > TimeSpan.FromDays(6), $"the test needs a long check window (was {window})");
        var stillChecked = await SeedBarrierAsync(Now - window + TimeSpan.FromMinutes(1), MessageBarrierState.Committed);
        var pastWindowOnly = await SeedBarrierAsync(Now - window - TimeSpan.FromHours(1), MessageBarrierState.Committed);
        var pastRetention = await SeedBarrierAsync(Now - settings.Retention - TimeSpan.FromMilliseconds(1), MessageBarrierState.Committed);
        await using var services = BuildServices(barrier: configure);
        var sut = services.GetRequiredService<MessageBarrierCleaner<ShopDbContext>>();

        var deleted = await sut.CleanOnceAsync();

        Assert.Equal(1, deleted);
        Assert.Equal([stillChecked, pastWindowOnly], await BarrierIdsAsync());
        Assert.DoesNotContain(pastRetention, await BarrierIdsAsync());
    }

    [EnvironmentFact]
    public async Task BackCheck_MessagePreparedBeforeTheRetentionWithoutARow_RefusesToAnswerInsteadOfRollingBack()
    {
        await ResetAsync();
        var oldIds = new SnowflakeIdGenerator(7, new FakeTimeProvider(Now - TimeSpan.FromDays(31)));
        var youngIds = new SnowflakeIdGenerator(7, new FakeTimeProvider(Now - TimeSpan.FromMinutes(20)));
        var (oldWithoutRow, oldWithRow, youngWithoutRow) = (oldIds.NextId(), oldIds.NextId(), youngIds.NextId());
        await using (var db = database.CreateContext())
        {
            await MessageBarrier.InsertAsync(db, oldWithRow, "orders-service", MessageBarrierState.Committed, (Now - TimeSpan.FromDays(29)).ToUnixTimeMilliseconds(), default);
        }

        await using var services = BuildServices(configure: s => s.AddReliableMessageProducer<ShopDbContext>(o =>
        {
            o.ServiceAddress = "http://127.0.0.1:1";
            o.ProducerGroup = "orders-service";
        }));
        var sut = services.GetRequiredService<ProducerCheckHandler<ShopDbContext>>();

        var refused = await Assert.ThrowsAsync<RpcException>(() => sut.Check(new CheckRequest { MessageId = oldWithoutRow }, new TestServerCallContext()));
        var committed = await sut.Check(new CheckRequest { MessageId = oldWithRow }, new TestServerCallContext());
        var rolledBack = await sut.Check(new CheckRequest { MessageId = youngWithoutRow }, new TestServerCallContext());

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        await using var read = database.CreateContext();
        Assert.Null(await MessageBarrier.FindAsync(read, oldWithoutRow, default));
        Assert.Equal(CheckDecision.Commit, committed.Decision);
        Assert.Equal(CheckDecision.Rollback, rolledBack.Decision);
        Assert.Equal(MessageBarrierState.RolledBack, await MessageBarrier.FindAsync(read, youngWithoutRow, default));
    }

    [EnvironmentFact]
    public async Task InboxCleanOnce_OldAndYoungRows_DeletesExactlyTheRowsPastTheRetention()
    {
        await ResetAsync();
        var retention = MessageInboxCleanerOptions.DefaultRetention;
        var old = await SeedInboxAsync(Now - TimeSpan.FromDays(15));
        var justPast = await SeedInboxAsync(Now - retention - TimeSpan.FromMilliseconds(1));
        var atCutoff = await SeedInboxAsync(Now - retention);
        var inRedeliveryWindow = await SeedInboxAsync(Now - TimeSpan.FromHours(1));
        var young = await SeedInboxAsync(Now - TimeSpan.FromDays(8));
        await using var services = BuildServices();
        var sut = services.GetRequiredService<MessageInboxCleaner<ShopDbContext>>();

        var deleted = await sut.CleanOnceAsync();

        Assert.Equal(2, deleted);
        Assert.Equal([atCutoff, inRedeliveryWindow, young], await InboxIdsAsync());
        Assert.DoesNotContain(old, await InboxIdsAsync());
        Assert.DoesNotContain(justPast, await InboxIdsAsync());

        // A redelivery of the message processed an hour ago is still recognised: the handler does not run again.
        var processor = services.GetRequiredService<MessageProcessor<ShopDbContext>>();
        var acked = await processor.ProcessAsync([Envelope(inRedeliveryWindow, attempt: 3)], default);
        Assert.Equal([inRedeliveryWindow], acked);
        Assert.Equal(1, processor.Duplicates);
        Assert.Equal(0, processor.Handled);
    }

    [EnvironmentFact]
    public async Task CleanOnce_MoreOldRowsThanOneRunAllows_StopsAtTheBatchLimitAndTheNextRunsFinish()
    {
        await ResetAsync();
        var barrierIds = new List<long>();
        var inboxIds = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            barrierIds.Add(await SeedBarrierAsync(Now - TimeSpan.FromDays(60 + i), MessageBarrierState.Committed));
            inboxIds.Add(await SeedInboxAsync(Now - TimeSpan.FromDays(60 + i)));
        }

        await using var services = BuildServices(
            barrier: o => (o.CleanupBatchSize, o.MaxBatchesPerCleanup) = (2, 2),
            inbox: o => (o.CleanupBatchSize, o.MaxBatchesPerCleanup) = (2, 2));
        IRowCleaner[] cleaners =
        [
            services.GetRequiredService<MessageBarrierCleaner<ShopDbContext>>(),
            services.GetRequiredService<MessageInboxCleaner<ShopDbContext>>(),
        ];

        foreach (var sut in cleaners)
        {
            var runs = new[] { await sut.CleanOnceAsync(), await sut.CleanOnceAsync(), await sut.CleanOnceAsync() };
            Assert.Equal([4, 1, 0], runs);
        }

        Assert.Empty(await BarrierIdsAsync());
        Assert.Empty(await InboxIdsAsync());
    }

    [EnvironmentFact]
    public async Task BackgroundLoop_Started_CleansAtStart()
    {
        await ResetAsync();
        var barrier = await SeedBarrierAsync(Now - TimeSpan.FromDays(60), MessageBarrierState.Committed);
        var inbox = await SeedInboxAsync(Now - TimeSpan.FromDays(60));
        await using var services = BuildServices();
        var hosted = services.GetServices<IHostedService>().OfType<IRowCleaner>().ToList();
        Assert.Equal(2, hosted.Count);

        foreach (var service in hosted.Cast<IHostedService>())
        {
            await service.StartAsync(default);
        }

        try
        {
            await Eventually.WaitAsync(
                async () => !(await BarrierIdsAsync()).Contains(barrier) && !(await InboxIdsAsync()).Contains(inbox),
                TimeSpan.FromSeconds(30),
                "the background loops cleaned at start");
        }
        finally
        {
            foreach (var service in hosted.Cast<IHostedService>())
            {
                await service.StopAsync(default);
            }
        }
    }

    [EnvironmentFact]
    public async Task BackgroundLoop_DisabledOrScheduledElsewhere_EndsWithoutDeleting()
    {
        await ResetAsync();
        var barrier = await SeedBarrierAsync(Now - TimeSpan.FromDays(60), MessageBarrierState.Committed);
        var inbox = await SeedInboxAsync(Now - TimeSpan.FromDays(60));
        await using var services = BuildServices(
            inbox: o => o.CleanerEnabled = false,
            configure: s => s.AddSingleton(new ExternalRowCleanupScheduler("Hangfire")));
        var hosted = services.GetServices<IHostedService>().OfType<IRowCleaner>().Cast<BackgroundService>().ToList();
        Assert.Equal(2, hosted.Count);

        foreach (var service in hosted)
        {
            await service.StartAsync(default);
            await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
            await service.StopAsync(default);
        }

        Assert.All(hosted, s => Assert.True(s.ExecuteTask!.IsCompletedSuccessfully));
        Assert.Contains(barrier, await BarrierIdsAsync());
        Assert.Contains(inbox, await InboxIdsAsync());
    }

    private static long NextId() => Interlocked.Increment(ref nextId);

    private static MessageEnvelope Envelope(long id, int attempt) => new()
    {
        MessageId = id,
        Topic = "orders",
        Key = "o-" + id,
        ProducerGroup = "orders-service",
        Attempt = attempt,
        Payload = ByteString.CopyFromUtf8("o-" + id),
    };

    private ServiceProvider BuildServices(
        Action<MessageBarrierCleanerOptions>? barrier = null,
        Action<MessageInboxCleanerOptions>? inbox = null,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddDbContext<ShopDbContext>(database.Configure);
        services.AddMessageBarrierCleaner<ShopDbContext>(barrier);
        services.AddMessageInboxCleaner<ShopDbContext>(inbox);
        services.AddReliableMessageConsumer<ShopDbContext>(o =>
        {
            o.ServiceAddress = "http://127.0.0.1:1";
            o.ConsumerGroup = Group;
            o.BootstrapServers = "127.0.0.1:1";
        }).AddHandler<ShipmentHandler>("orders");
        configure?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private async Task ResetAsync()
    {
        await using var db = database.CreateContext();
        await db.Set<MessageBarrierRecord>().ExecuteDeleteAsync();
        await db.Set<InboxRecord>().ExecuteDeleteAsync();
    }

    private async Task<long> SeedBarrierAsync(DateTimeOffset created, MessageBarrierState state)
    {
        var id = NextId();
        await using var db = database.CreateContext();
        await MessageBarrier.InsertAsync(db, id, "orders-service", state, created.ToUnixTimeMilliseconds(), default);
        return id;
    }

    private async Task<long> SeedInboxAsync(DateTimeOffset processed)
    {
        var id = NextId();
        await using var db = database.CreateContext();
        db.Set<InboxRecord>().Add(new InboxRecord { ConsumerGroup = Group, MessageId = id, ProcessedUnixMs = processed.ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<List<long>> BarrierIdsAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<MessageBarrierRecord>().OrderBy(r => r.MessageId).Select(r => r.MessageId).ToListAsync();
    }

    private async Task<List<long>> InboxIdsAsync()
    {
        await using var db = database.CreateContext();
        return await db.Set<InboxRecord>().OrderBy(r => r.MessageId).Select(r => r.MessageId).ToListAsync();
    }

    private sealed class ShipmentHandler(ShopDbContext db) : IMessageHandler
    {
        public Task HandleAsync(ConsumedMessage message, CancellationToken cancellationToken)
        {
            db.Shipments.Add(new Shipment { Id = message.MessageId, OrderId = "o-" + message.MessageId });
            return Task.CompletedTask;
        }
    }
}
