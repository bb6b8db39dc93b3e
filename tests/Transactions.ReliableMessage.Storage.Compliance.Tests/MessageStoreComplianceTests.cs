using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Storage;
using Transactions.ReliableMessage.Storage.Model;
using Transactions.Storage;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// The contract of <see cref="IMessageStore"/> and <see cref="IWorkerIdStore"/>, written once. Each provider's
/// subclass only says how to make a fresh database; every test migrates it from scratch with the provider's
/// migrations assembly.
/// </summary>
public abstract partial class MessageStoreComplianceTests : IAsyncLifetime
{
    private const long T0 = 1_800_000_000_000;
    private const string A = "instance-a";
    private const string B = "instance-b";
    private ServiceProvider? _services;
    private long _nextId = 1_000;

    /// <summary>The store under test.</summary>
    protected EfMessageStore Sut { get; private set; } = null!;

    /// <summary>The worker id store under test.</summary>
    protected IWorkerIdStore WorkerIds { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = await CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddPooledDbContextFactory<MessageDbContext>(b => b.UseReliableMessageStorage(options));
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IDbContextFactory<MessageDbContext>>();
        await using (var context = await factory.CreateDbContextAsync())
        {
            await context.Database.MigrateAsync();
        }

        Sut = new EfMessageStore(factory, NullLogger<EfMessageStore>.Instance);
        WorkerIds = new EfWorkerIdStore<MessageDbContext, WorkerLease>(factory, NullLogger<EfWorkerIdStore<MessageDbContext, WorkerLease>>.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DropDatabaseAsync();
    }

    [StoreFact]
    public async Task Prepare_NewMessage_StoresItPreparedWithPayload()
    {
        var payload = new byte[] { 0, 1, 2, 255, 254, 10, 13 };

        var outcome = await Sut.PrepareAsync(NewMessage(payload: payload, checkEndpoint: "http://producer:5001"), default);
        var found = await Sut.FindAsync(outcome.Message.MessageId, default);

        Assert.True(outcome.Created);
        Assert.NotNull(found);
        Assert.Equal(MessageStatus.Prepared, found.Status);
        Assert.Equal(payload, found.Payload);
        Assert.Equal("orders", found.Topic);
        Assert.Equal("order-1", found.Key);
        Assert.Equal("http://producer:5001", found.CheckEndpoint);
        Assert.Equal(T0 + 30_000, found.NextAttemptUnixMs);
    }

    [StoreFact]
    public async Task Prepare_SameProducerKeyTwice_ReturnsTheFirstMessage()
    {
        var first = await Sut.PrepareAsync(NewMessage(producerKey: "k-1"), default);

        var second = await Sut.PrepareAsync(NewMessage(producerKey: "k-1"), default);

        Assert.False(second.Created);
        Assert.Equal(first.Message.MessageId, second.Message.MessageId);
    }

    [StoreFact]
    public async Task Prepare_SameProducerKeyInAnotherGroup_CreatesAnotherMessage()
    {
        var first = await Sut.PrepareAsync(NewMessage(producerKey: "k-1"), default);

        var second = await Sut.PrepareAsync(NewMessage(producerKey: "k-1", producerGroup: "billing"), default);

        Assert.True(second.Created);
        Assert.NotEqual(first.Message.MessageId, second.Message.MessageId);
    }

    [StoreFact]
    public async Task Prepare_ManyWithoutProducerKey_AllCreated()
    {
        var a = await Sut.PrepareAsync(NewMessage(), default);
        var b = await Sut.PrepareAsync(NewMessage(), default);

        Assert.True(a.Created && b.Created);
    }

    [StoreFact]
    public async Task PrepareMany_NewDuplicateAndTakenKeys_OneOutcomePerMessageInOrder()
    {
        var taken = await Sut.PrepareAsync(NewMessage(producerKey: "taken"), default);
        StoredMessage[] batch =
        [
            NewMessage(payload: [9, 8, 7], checkEndpoint: "http://p:1"),
            NewMessage(producerKey: "taken"),
            NewMessage(producerKey: "fresh"),
            NewMessage(producerKey: "fresh"),
            NewMessage(),
        ];

        var outcomes = await Sut.PrepareManyAsync(batch, default);

        Assert.Equal([true, false, true, false, true], outcomes.Select(o => o.Created));
        Assert.Equal(taken.Message.MessageId, outcomes[1].Message.MessageId);
        Assert.Equal(outcomes[2].Message.MessageId, outcomes[3].Message.MessageId);
        var stored = await Sut.FindAsync(batch[0].MessageId, default);
        Assert.Equal(new byte[] { 9, 8, 7 }, stored!.Payload);
        Assert.Equal(("http://p:1", MessageStatus.Prepared, T0 + 30_000), (stored.CheckEndpoint, stored.Status, stored.NextAttemptUnixMs));
        Assert.Equal("order-1", (await Sut.FindAsync(batch[4].MessageId, default))!.Key);
    }

    [StoreFact]
    public async Task CommitMany_MixedStatuses_OneOutcomePerTransitionInOrder()
    {
        var prepared = await PrepareAsync();
        var other = await PrepareAsync();
        var rolledBack = await PrepareAsync();
        await Sut.RollbackAsync(new MessageTransition(rolledBack, T0 + 500), default);

        var outcomes = await Sut.CommitManyAsync([Commit(prepared, A), Commit(rolledBack, A), Commit(424242, A), Commit(other, A), Commit(prepared, A)], default);

        Assert.Equal([true, false, false, true, false], outcomes.Select(o => o.Changed));
        Assert.Equal([true, true, false, true, true], outcomes.Select(o => o.Found));
        Assert.Equal(MessageStatus.RolledBack, outcomes[1].Status);
        Assert.Equal(MessageStatus.Committed, outcomes[4].Status);
        Assert.Equal(new byte[] { 1, 2, 3 }, outcomes[0].Message!.Payload);
        Assert.Equal(A, outcomes[3].Message!.LeaseOwner);
    }

    [StoreFact]
    public async Task Commit_Prepared_ReturnsTheMessageLeasedToTheCommitterAndDueNow()
    {
        var id = await PrepareAsync();

        var outcome = await Sut.CommitAsync(Commit(id, A), default);

        Assert.True(outcome.Changed);
        Assert.Equal(MessageStatus.Committed, outcome.Status);
        Assert.NotNull(outcome.Message);
        Assert.Equal(id, outcome.Message.MessageId);
        Assert.Equal(new byte[] { 1, 2, 3 }, outcome.Message.Payload);
        Assert.Equal(A, outcome.Message.LeaseOwner);
        Assert.Equal(T0 + 1_000 + 30_000, outcome.Message.LeaseExpiresUnixMs);
        Assert.Equal(T0 + 1_000, outcome.Message.CommittedUnixMs);
        Assert.Equal(T0 + 1_000, outcome.Message.NextAttemptUnixMs);
    }

    [StoreFact]
    public async Task Commit_Twice_SecondCallChangesNothing()
    {
        var id = await PrepareAsync();
        await Sut.CommitAsync(Commit(id, A), default);

        var again = await Sut.CommitAsync(Commit(id, B), default);

        Assert.False(again.Changed);
        Assert.Equal(MessageStatus.Committed, again.Status);
        Assert.Equal(A, (await Sut.FindAsync(id, default))!.LeaseOwner);
    }

    [StoreFact]
    public async Task Commit_RolledBack_RefusedWithTheStatus()
    {
        var id = await PrepareAsync();
        await Sut.RollbackAsync(new MessageTransition(id, T0 + 1_000, Reason: "no"), default);

        var outcome = await Sut.CommitAsync(Commit(id, A), default);

        Assert.False(outcome.Changed);
        Assert.Equal(MessageStatus.RolledBack, outcome.Status);
    }

    [StoreFact]
    public async Task Commit_UnknownId_NotFound()
    {
        var outcome = await Sut.CommitAsync(Commit(424242, A), default);

        Assert.False(outcome.Found);
    }

    [StoreFact]
    public async Task Commit_ParkedWhenNotAllowed_Refused()
    {
        var id = await ParkAsync();

        var refused = await Sut.CommitAsync(Commit(id, A) with { AllowParked = false }, default);
        var allowed = await Sut.CommitAsync(Commit(id, A), default);

        Assert.False(refused.Changed);
        Assert.Equal(MessageStatus.Parked, refused.Status);
        Assert.True(allowed.Changed);
    }

    [StoreFact]
    public async Task Rollback_Prepared_KeepsTheReasonAndReleasesTheLease()
    {
        var id = await PrepareAsync();
        await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 60_000, 10, default);

        var outcome = await Sut.RollbackAsync(new MessageTransition(id, T0 + 32_000, Reason: "local transaction failed"), default);
        var found = await Sut.FindAsync(id, default);

        Assert.True(outcome.Changed);
        Assert.Equal(MessageStatus.RolledBack, found!.Status);
        Assert.Equal("local transaction failed", found.LastError);
        Assert.Null(found.LeaseOwner);
        Assert.Null(found.NextAttemptUnixMs);
    }

    [StoreFact]
    public async Task Rollback_Committed_Refused()
    {
        var id = await PrepareAsync();
        await Sut.CommitAsync(Commit(id, A), default);

        var outcome = await Sut.RollbackAsync(new MessageTransition(id, T0 + 2_000), default);

        Assert.False(outcome.Changed);
        Assert.Equal(MessageStatus.Committed, outcome.Status);
    }

    [StoreFact]
    public async Task ClaimDueChecks_BeforeTheCheckDelay_ClaimsNothing()
    {
        await PrepareAsync();

        var claimed = await Sut.ClaimDueChecksAsync(A, T0 + 29_999, T0 + 60_000, 10, default);

        Assert.Empty(claimed);
    }

    [StoreFact]
    public async Task ClaimDueChecks_Due_ClaimsOnlyPreparedMessagesOnce()
    {
        var prepared = await PrepareAsync();
        var committed = await PrepareAsync();
        await Sut.CommitAsync(Commit(committed, A), default);

        var first = await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 61_000, 10, default);
        var second = await Sut.ClaimDueChecksAsync(B, T0 + 31_000, T0 + 61_000, 10, default);

        Assert.Equal([prepared], first.Select(m => m.MessageId));
        Assert.Equal(A, first[0].LeaseOwner);
        Assert.Empty(second);
    }

    [StoreFact]
    public async Task ClaimDueChecks_ExpiredLease_IsTakenOverByAnotherInstance()
    {
        var id = await PrepareAsync();
        await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 61_000, 10, default);

        var taken = await Sut.ClaimDueChecksAsync(B, T0 + 61_001, T0 + 91_000, 10, default);

        Assert.Equal([id], taken.Select(m => m.MessageId));
        Assert.Equal(B, taken[0].LeaseOwner);
    }

    [StoreFact]
    public async Task ClaimDueChecks_ConcurrentClaimers_NeverClaimTheSameMessage()
    {
        for (var i = 0; i < 40; i++)
        {
            await PrepareAsync();
        }

        var seen = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async n =>
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var m in await Sut.ClaimDueChecksAsync($"instance-{n}", T0 + 31_000, T0 + 61_000, 7, default))
                {
                    seen.Add(m.MessageId);
                }
            }
        }));

        Assert.Equal(40, seen.Count);
        Assert.Equal(40, seen.Distinct().Count());
    }

    [StoreFact]
    public async Task SaveCheckRetry_ByTheLeaseOwner_SchedulesTheNextCheckAndReleasesTheLease()
    {
        var id = await PrepareAsync();
        await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 61_000, 10, default);

        var saved = await Sut.SaveCheckRetryAsync(new CheckRetry(id, A, T0 + 32_000, 1, T0 + 37_000, "unreachable", Park: false), default);
        var found = await Sut.FindAsync(id, default);

        Assert.True(saved);
        Assert.Equal(MessageStatus.Prepared, found!.Status);
        Assert.Equal(1, found.CheckAttempts);
        Assert.Equal(T0 + 37_000, found.NextAttemptUnixMs);
        Assert.Equal("unreachable", found.LastError);
        Assert.Null(found.LeaseOwner);
    }

    [StoreFact]
    public async Task SaveCheckRetry_NotTheLeaseOwner_WritesNothing()
    {
        var id = await PrepareAsync();
        await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 61_000, 10, default);

        var saved = await Sut.SaveCheckRetryAsync(new CheckRetry(id, B, T0 + 32_000, 1, T0 + 37_000, "x", Park: false), default);

        Assert.False(saved);
        Assert.Equal(0, (await Sut.FindAsync(id, default))!.CheckAttempts);
    }

    [StoreFact]
    public async Task SaveCheckRetry_Park_ParksWithAnEventAndIsListed()
    {
        var id = await ParkAsync();

        var found = await Sut.FindAsync(id, default);
        var events = await Sut.GetEventsAsync(id, default);
        var parked = await Sut.ListParkedAsync(new ParkedQuery(null, null, 10), default);

        Assert.Equal(MessageStatus.Parked, found!.Status);
        Assert.Null(found.NextAttemptUnixMs);
        Assert.Equal(MessageEventKinds.Parked, Assert.Single(events).Kind);
        Assert.Equal([id], parked.Select(m => m.MessageId));
        Assert.Empty(await Sut.ClaimDueChecksAsync(B, T0 + 10_000_000, T0 + 10_030_000, 10, default));
    }

    [StoreFact]
    public async Task ClaimCommitted_LeasedByTheCommitter_NotClaimedUntilTheLeaseExpires()
    {
        var id = await PrepareAsync();
        await Sut.CommitAsync(Commit(id, A), default);

        var early = await Sut.ClaimCommittedAsync(B, T0 + 2_000, T0 + 32_000, 10, default);
        var late = await Sut.ClaimCommittedAsync(B, T0 + 31_001, T0 + 61_000, 10, default);

        Assert.Empty(early);
        Assert.Equal([id], late.Select(m => m.MessageId));
        Assert.Equal(new byte[] { 1, 2, 3 }, late[0].Payload);
    }

    [StoreFact]
    public async Task ReleaseEarlierRunsLeases_OnlyTheEarlierRunsOfThisInstance_LoseTheirLeases()
    {
        // Lease owners are "<instance id>/<run>". The instance id has a LIKE wildcard ('_'): "nodex1" must not match it.
        const string earlierRun = "node_1/run-a", currentRun = "node_1/run-b", otherInstance = "node_1x/run-c", lookalike = "nodex1/run-d";
        const long until = T0 + 200_000;
        var delivered = await PublishedAsync("warehouse");
        Assert.Single(await Sut.ClaimDueDeliveriesAsync(earlierRun, T0 + 63_000, until, 10, default));
        var checkedByEarlierRun = await PrepareAsync();
        Assert.Single(await Sut.ClaimDueChecksAsync(earlierRun, T0 + 31_000, until, 10, default));
        foreach (var owner in new[] { currentRun, otherInstance, lookalike })
        {
            await PrepareAsync();
            Assert.Single(await Sut.ClaimDueChecksAsync(owner, T0 + 31_000, until, 10, default));
        }

        var committed = await PrepareAsync();
        await Sut.CommitAsync(new MessageTransition(committed, T0 + 1_000, AllowParked: false, earlierRun, until), default);

        var released = await Sut.ReleaseEarlierRunsLeasesAsync("node_1/", currentRun, T0 + 64_000, default);
        var again = await Sut.ReleaseEarlierRunsLeasesAsync("node_1/", currentRun, T0 + 64_000, default);

        Assert.Equal(3, released);
        Assert.Equal(0, again);
        Assert.Equal([checkedByEarlierRun], (await Sut.ClaimDueChecksAsync(B, T0 + 64_000, T0 + 300_000, 10, default)).Select(m => m.MessageId));
        Assert.Equal([committed], (await Sut.ClaimCommittedAsync(B, T0 + 64_000, T0 + 300_000, 10, default)).Select(m => m.MessageId));
        var delivery = Assert.Single(await Sut.ClaimDueDeliveriesAsync(B, T0 + 64_000, T0 + 300_000, 10, default));
        Assert.Equal((delivered, "warehouse"), (delivery.Delivery.MessageId, delivery.Delivery.ConsumerGroup));
    }

    [StoreFact]
    public async Task InsertPendingDeliveries_Twice_KeepsOneRowPerGroup()
    {
        var id = await CommittedAsync();
        DeliveryKey[] keys = [new(id, "warehouse"), new(id, "billing")];

        await Sut.InsertPendingDeliveriesAsync(keys, T0 + 2_000, default);
        await Sut.InsertPendingDeliveriesAsync(keys, T0 + 3_000, default);
        var snapshot = await Sut.LoadAsync(id, default);

        Assert.Equal(["billing", "warehouse"], snapshot!.Deliveries.Select(d => d.ConsumerGroup));
        Assert.All(snapshot.Deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Pending, d.Status);
            Assert.Null(d.NextAttemptUnixMs);
            Assert.Equal(T0 + 2_000, d.CreatedUnixMs);
        });
    }

    [StoreFact]
    public async Task CompletePublish_AfterAnEarlyAck_PublishesAndKeepsTheAck()
    {
        var id = await CommittedAsync();
        await Sut.InsertPendingDeliveriesAsync([new(id, "warehouse"), new(id, "billing")], T0 + 2_000, default);
        await Sut.AckAsync("billing", [id], T0 + 2_500, default);

        await Sut.CompletePublishAsync(new PublishCompletion([id], T0 + 3_000, T0 + 63_000, []), default);
        var snapshot = await Sut.LoadAsync(id, default);

        Assert.Equal(MessageStatus.Published, snapshot!.Message.Status);
        Assert.Null(snapshot.Message.LeaseOwner);
        var billing = snapshot.Deliveries.Single(d => d.ConsumerGroup == "billing");
        var warehouse = snapshot.Deliveries.Single(d => d.ConsumerGroup == "warehouse");
        Assert.Equal((DeliveryStatus.Acked, 1, T0 + 2_500), (billing.Status, billing.Attempts, billing.DeliveredUnixMs));
        Assert.Equal(DeliveryStatus.Delivered, warehouse.Status);
        Assert.Equal(1, warehouse.Attempts);
        Assert.Equal(T0 + 63_000, warehouse.NextAttemptUnixMs);
        Assert.Equal(T0 + 3_000, warehouse.DeliveredUnixMs);
    }

    [StoreFact]
    public async Task CompletePublish_WithRowOutcomes_AppliesThem()
    {
        var id = await CommittedAsync();
        await Sut.InsertPendingDeliveriesAsync([new(id, "warehouse"), new(id, "billing")], T0 + 2_000, default);

        await Sut.CompletePublishAsync(
            new PublishCompletion([id], T0 + 3_000, T0 + 63_000,
            [
                new DeliveryUpdate(id, "warehouse", DeliveryStatus.Acked, 1, null, T0 + 3_000, null),
                new DeliveryUpdate(id, "billing", DeliveryStatus.Delivered, 1, T0 + 63_000, T0 + 3_000, "connection refused"),
            ]),
            default);
        var snapshot = await Sut.LoadAsync(id, default);

        Assert.Equal(DeliveryStatus.Acked, snapshot!.Deliveries.Single(d => d.ConsumerGroup == "warehouse").Status);
        Assert.Equal("connection refused", snapshot.Deliveries.Single(d => d.ConsumerGroup == "billing").LastError);
    }

    [StoreFact]
    public async Task CompletePublishAndAcks_ConcurrentOnTheSameRowsInOppositeOrders_NoDeadlockAndAcksWin()
    {
        // The publish's per-row outcomes walk the rows from the last message to the first while the two groups'
        // acknowledgements take them from the first: without one lock order the database kills one as a deadlock.
        for (var round = 0; round < 5; round++)
        {
            var ids = new List<long>();
            for (var i = 0; i < 20; i++)
            {
                ids.Add(await CommittedAsync());
            }

            var groups = new[] { "warehouse", "billing" };
            await Sut.InsertPendingDeliveriesAsync([.. ids.SelectMany(id => groups.Select(g => new DeliveryKey(id, g)))], T0 + 2_000, default);
            var descending = ids.AsEnumerable().Reverse().ToList();
            var outcomes = descending.SelectMany(id => groups.Select(g => new DeliveryUpdate(id, g, DeliveryStatus.Delivered, 1, T0 + 63_000, T0 + 3_000, null))).ToList();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var publish = Task.Run(async () =>
            {
                await gate.Task;
                await Sut.CompletePublishAsync(new PublishCompletion(descending, T0 + 3_000, null, outcomes), default);
            });
            var acks = groups.Select(g => Task.Run(async () =>
            {
                await gate.Task;
                return await Sut.AckAsync(g, ids, T0 + 3_000, default);
            })).ToArray();
            gate.SetResult();
            await publish;
            await Task.WhenAll(acks);

            foreach (var id in ids)
            {
                var snapshot = await Sut.LoadAsync(id, default);
                Assert.Equal(MessageStatus.Published, snapshot!.Message.Status);
                Assert.All(snapshot.Deliveries, d => Assert.Equal(DeliveryStatus.Acked, d.Status));
            }
        }
    }

    [StoreFact]
    public async Task SchedulePublishRetry_CountsTheFailureAndReleasesTheLease()
    {
        var id = await CommittedAsync();

        await Sut.SchedulePublishRetryAsync([id], T0 + 2_000, T0 + 3_000, "broker down", default);
        var found = await Sut.FindAsync(id, default);
        var claimed = await Sut.ClaimCommittedAsync(B, T0 + 3_000, T0 + 33_000, 10, default);

        Assert.Equal(1, found!.PublishAttempts);
        Assert.Equal("broker down", found.LastError);
        Assert.Null(found.LeaseOwner);
        Assert.Equal([id], claimed.Select(m => m.MessageId));
    }

    [StoreFact]
    public async Task Ack_OnlyTheNamedGroupAndKnownDeliveries()
    {
        var id = await PublishedAsync("warehouse", "billing");

        var changed = await Sut.AckAsync("warehouse", [id, 999_999], T0 + 5_000, default);
        var again = await Sut.AckAsync("warehouse", [id], T0 + 6_000, default);
        var snapshot = await Sut.LoadAsync(id, default);

        Assert.Equal(1, changed);
        Assert.Equal(0, again);
        var warehouse = snapshot!.Deliveries.Single(d => d.ConsumerGroup == "warehouse");
        Assert.Equal(DeliveryStatus.Acked, warehouse.Status);
        Assert.Equal(T0 + 5_000, warehouse.AckedUnixMs);
        Assert.Null(warehouse.NextAttemptUnixMs);
        Assert.Equal(DeliveryStatus.Delivered, snapshot.Deliveries.Single(d => d.ConsumerGroup == "billing").Status);
    }

    [StoreFact]
    public async Task ClaimDueDeliveries_PastTheAckDeadline_ClaimsOnlyUnacknowledgedWithTheirMessage()
    {
        var id = await PublishedAsync("warehouse", "billing");
        await Sut.AckAsync("warehouse", [id], T0 + 5_000, default);

        var early = await Sut.ClaimDueDeliveriesAsync(A, T0 + 62_999, T0 + 93_000, 10, default);
        var due = await Sut.ClaimDueDeliveriesAsync(A, T0 + 63_000, T0 + 93_000, 10, default);
        var again = await Sut.ClaimDueDeliveriesAsync(B, T0 + 63_000, T0 + 93_000, 10, default);

        Assert.Empty(early);
        var claimed = Assert.Single(due);
        Assert.Equal("billing", claimed.Delivery.ConsumerGroup);
        Assert.Equal(A, claimed.Delivery.LeaseOwner);
        Assert.Equal(id, claimed.Message.MessageId);
        Assert.Equal("orders", claimed.Message.Topic);
        Assert.Empty(again);
    }

    [StoreFact]
    public async Task ClaimDueDeliveries_RowsOwnedByTheFirstPublish_AreNeverClaimed()
    {
        var id = await CommittedAsync();
        await Sut.InsertPendingDeliveriesAsync([new(id, "warehouse")], T0 + 2_000, default);

        var claimed = await Sut.ClaimDueDeliveriesAsync(A, T0 + 10_000_000, T0 + 10_030_000, 10, default);

        Assert.Empty(claimed);
    }

    [StoreFact]
    public async Task SaveDeliveryOutcomes_AckArrivedAfterTheClaim_AckWins()
    {
        var id = await PublishedAsync("billing");
        await Sut.ClaimDueDeliveriesAsync(A, T0 + 63_000, T0 + 93_000, 10, default);
        await Sut.AckAsync("billing", [id], T0 + 63_100, default);

        await Sut.SaveDeliveryOutcomesAsync(A, T0 + 63_200, [new DeliveryUpdate(id, "billing", DeliveryStatus.Delivered, 2, T0 + 363_200, T0 + 63_200, null)], [], default);
        var row = (await Sut.LoadAsync(id, default))!.Deliveries.Single();

        Assert.Equal(DeliveryStatus.Acked, row.Status);
        Assert.Equal(1, row.Attempts);
    }

    [StoreFact]
    public async Task SaveDeliveryOutcomes_NotTheLeaseOwner_WritesNothing()
    {
        var id = await PublishedAsync("billing");
        await Sut.ClaimDueDeliveriesAsync(A, T0 + 63_000, T0 + 93_000, 10, default);

        await Sut.SaveDeliveryOutcomesAsync(B, T0 + 63_200, [new DeliveryUpdate(id, "billing", DeliveryStatus.Delivered, 2, T0 + 363_200, T0 + 63_200, null)], [], default);
        var row = (await Sut.LoadAsync(id, default))!.Deliveries.Single();

        Assert.Equal(1, row.Attempts);
        Assert.Equal(A, row.LeaseOwner);
    }

    [StoreFact]
    public async Task SaveDeliveryOutcomes_Redelivery_SetsTheNewDeadlineAndReleasesTheLease()
    {
        var id = await PublishedAsync("billing");
        await Sut.ClaimDueDeliveriesAsync(A, T0 + 63_000, T0 + 93_000, 10, default);

        await Sut.SaveDeliveryOutcomesAsync(A, T0 + 63_200, [new DeliveryUpdate(id, "billing", DeliveryStatus.Delivered, 2, T0 + 363_200, T0 + 63_200, null)], [], default);
        var row = (await Sut.LoadAsync(id, default))!.Deliveries.Single();

        Assert.Equal(DeliveryStatus.Delivered, row.Status);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(T0 + 363_200, row.NextAttemptUnixMs);
        Assert.Equal(T0 + 63_200, row.DeliveredUnixMs);
        Assert.Null(row.LeaseOwner);
    }

    [StoreFact]
    public async Task DeadLetter_ListRequeueAndDiscard_FollowTheStateMachineWithAudit()
    {
        var id = await DeadAsync("billing");
        var other = await DeadAsync("warehouse");

        var listed = await Sut.ListDeadLettersAsync(new DeadLetterQuery("billing", null, null, null, 10), default);
        var all = await Sut.ListDeadLettersAsync(new DeadLetterQuery(null, null, null, null, 10), default);
        var discardDelivered = await Sut.DiscardAsync(await PublishedAsync("billing"), "billing", T0 + 70_000, Audit(0, "x"), default);
        var requeued = await Sut.RequeueAsync(id, "billing", T0 + 70_000, Audit(id, "consumer fixed"), default);
        var requeuedAgain = await Sut.RequeueAsync(id, "billing", T0 + 70_500, Audit(id, "again"), default);
        var discarded = await Sut.DiscardAsync(other, "warehouse", T0 + 71_000, Audit(other, "obsolete", MessageEventKinds.Discarded), default);
        var unknown = await Sut.RequeueAsync(id, "nobody", T0 + 71_000, Audit(id, "x"), default);
        var row = (await Sut.LoadAsync(id, default))!.Deliveries.Single();
        var due = await Sut.ClaimDueDeliveriesAsync(A, T0 + 70_000, T0 + 100_000, 10, default);

        Assert.Equal([id], listed.Select(d => d.MessageId));
        Assert.Equal("orders", listed[0].Topic);
        Assert.Equal(2, all.Count);
        Assert.Equal(DeliveryStatus.Delivered, discardDelivered);
        Assert.Equal(DeliveryStatus.Pending, requeued);
        Assert.Equal(DeliveryStatus.Pending, requeuedAgain);
        Assert.Equal(DeliveryStatus.Discarded, discarded);
        Assert.Null(unknown);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(T0 + 70_000, row.NextAttemptUnixMs);
        Assert.Contains(id, due.Select(d => d.Delivery.MessageId));
        Assert.DoesNotContain(other, due.Select(d => d.Delivery.MessageId));
        Assert.Contains(await Sut.GetEventsAsync(id, default), e => e.Kind == MessageEventKinds.Requeued && e.Detail == "consumer fixed");
        Assert.Contains(await Sut.GetEventsAsync(other, default), e => e.Kind == MessageEventKinds.Discarded);
        Assert.Empty(await Sut.ListDeadLettersAsync(new DeadLetterQuery(null, null, null, null, 10), default));
    }

    [StoreFact]
    public async Task Subscribe_AgainWithAnotherEndpoint_UpdatesTheRow()
    {
        await Sut.SubscribeAsync("warehouse", ["orders", "refunds"], null, T0, default);
        await Sut.SubscribeAsync("warehouse", ["orders"], "http://warehouse:5002", T0 + 1, default);
        await Sut.SubscribeAsync("billing", ["orders"], null, T0 + 2, default);

        var all = await Sut.GetSubscriptionsAsync(default);

        Assert.Equal(3, all.Count);
        var orders = all.Where(s => s.Topic == "orders").ToList();
        Assert.Equal(["billing", "warehouse"], orders.Select(s => s.ConsumerGroup));
        Assert.Equal("http://warehouse:5002", orders[1].PushEndpoint);
        Assert.Equal(T0, orders[1].CreatedUnixMs);
    }

    [StoreFact]
    public async Task Events_AppendAndRead_InOrder()
    {
        await Sut.AppendEventsAsync(
        [
            new MessageEvent { MessageId = 7, AtUnixMs = T0, Kind = "a", Actor = "x" },
            new MessageEvent { MessageId = 7, AtUnixMs = T0 + 1, Kind = "b", Actor = new string('y', 1_000), Detail = new string('d', 10_000) },
            new MessageEvent { MessageId = 8, AtUnixMs = T0, Kind = "c", Actor = "x" },
        ],
        default);

        var events = await Sut.GetEventsAsync(7, default);

        Assert.Equal(["a", "b"], events.Select(e => e.Kind));
        Assert.Equal(4096, events[1].Detail!.Length);
    }

    [StoreFact]
    public async Task WorkerIds_TwoOwners_GetDifferentIds()
    {
        var a = await WorkerIds.TryAcquireAsync("a", 1023, T0, T0 + 60_000, default);
        var b = await WorkerIds.TryAcquireAsync("b", 1023, T0, T0 + 60_000, default);

        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.NotEqual(a.WorkerId, b.WorkerId);
    }

    [StoreFact]
    public async Task WorkerIds_ExpiredLease_TakenOverWithThePreviousExpiry()
    {
        var a = await WorkerIds.TryAcquireAsync("a", 0, T0, T0 + 60_000, default);
        var refused = await WorkerIds.TryAcquireAsync("b", 0, T0 + 1_000, T0 + 61_000, default);

        var b = await WorkerIds.TryAcquireAsync("b", 0, T0 + 60_001, T0 + 120_000, default);

        Assert.Null(refused);
        Assert.NotNull(b);
        Assert.Equal(a!.WorkerId, b.WorkerId);
        Assert.Equal(T0 + 60_000, b.PreviousExpiresUnixMs);
        Assert.False(await WorkerIds.RenewAsync(a.WorkerId, "a", T0 + 200_000, default));
        Assert.True(await WorkerIds.RenewAsync(b.WorkerId, "b", T0 + 200_000, default));
    }

    [StoreFact]
    public async Task WorkerIds_Released_CanBeLeasedAgainAtOnce()
    {
        var a = await WorkerIds.TryAcquireAsync("a", 0, T0, T0 + 60_000, default);
        await WorkerIds.ReleaseAsync(a!.WorkerId, "a", default);

        var b = await WorkerIds.TryAcquireAsync("b", 0, T0 + 1_000, T0 + 61_000, default);

        Assert.Equal(a.WorkerId, b!.WorkerId);
    }

    /// <summary>Creates an empty database and returns how to reach it.</summary>
    protected abstract Task<MessageStorageOptions> CreateDatabaseAsync();

    /// <summary>Drops the database (best effort).</summary>
    protected abstract Task DropDatabaseAsync();

    private static MessageEvent Audit(long id, string reason, string kind = MessageEventKinds.Requeued) =>
        new() { MessageId = id, AtUnixMs = T0, Kind = kind, Actor = "admin", Detail = reason };

    private static MessageTransition Commit(long id, string owner) =>
        new(id, T0 + 1_000, AllowParked: true, owner, T0 + 1_000 + 30_000);

    private StoredMessage NewMessage(byte[]? payload = null, string? producerKey = null, string producerGroup = "orders-service", string? checkEndpoint = null) => new()
    {
        MessageId = Interlocked.Increment(ref _nextId),
        Topic = "orders",
        Key = "order-1",
        Payload = payload ?? [1, 2, 3],
        ProducerGroup = producerGroup,
        ProducerKey = producerKey,
        CheckEndpoint = checkEndpoint,
        Status = MessageStatus.Prepared,
        CreatedUnixMs = T0,
        UpdatedUnixMs = T0,
        NextAttemptUnixMs = T0 + 30_000,
    };

    private async Task<long> PrepareAsync() => (await Sut.PrepareAsync(NewMessage(), default)).Message.MessageId;

    private async Task<long> CommittedAsync()
    {
        var id = await PrepareAsync();
        await Sut.CommitAsync(Commit(id, A), default);
        return id;
    }

    private async Task<long> PublishedAsync(params string[] groups)
    {
        var id = await CommittedAsync();
        await Sut.InsertPendingDeliveriesAsync(groups.Select(g => new DeliveryKey(id, g)).ToList(), T0 + 2_000, default);
        await Sut.CompletePublishAsync(new PublishCompletion([id], T0 + 3_000, T0 + 63_000, []), default);
        return id;
    }

    private async Task<long> DeadAsync(string group)
    {
        var id = await PublishedAsync(group);
        await Sut.ClaimDueDeliveriesAsync(A, T0 + 63_000, T0 + 93_000, 10, default);
        await Sut.SaveDeliveryOutcomesAsync(A, T0 + 64_000, [new DeliveryUpdate(id, group, DeliveryStatus.Dead, 1, null, null, "no ack")],
            [new MessageEvent { MessageId = id, ConsumerGroup = group, AtUnixMs = T0 + 64_000, Kind = MessageEventKinds.DeadLettered, Actor = A }], default);
        return id;
    }

    private async Task<long> ParkAsync()
    {
        var id = await PrepareAsync();
        await Sut.ClaimDueChecksAsync(A, T0 + 31_000, T0 + 61_000, 10, default);
        Assert.True(await Sut.SaveCheckRetryAsync(new CheckRetry(id, A, T0 + 32_000, 10, 0, "no answer", Park: true), default));
        return id;
    }
}
