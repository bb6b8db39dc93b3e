using Microsoft.Extensions.DependencyInjection;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;
using Transactions.Storage.Compliance.Tests.Infrastructure;
using Xunit;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The operator-alert read (<see cref="ITransactionAttentionStore"/>): needs-attention history rows with their
/// transactions, in id order, from a cursor, never past a row still settling.
/// </summary>
/// <typeparam name="TFixture">The provider's database fixture.</typeparam>
public abstract class AttentionComplianceTests<TFixture>(TFixture fixture) : ComplianceSuite<TFixture>(fixture)
    where TFixture : StorageFixture
{
    private const long Settled = T0 + 1_000;

    private ITransactionAttentionStore Sut => Fixture.Services.GetRequiredService<ITransactionAttentionStore>();

    [ComplianceFact]
    public async Task ReadFlaggedAsync_FlaggedRowsWithTheirTransactionsInOrder_CursorMovesPastEverythingRead()
    {
        var a = await BeginAsync();
        var b = await BeginAsync();
        await AppendAsync(a, TransactionEventKinds.NeedsAttention, T0 + 10, "a stuck");
        await AppendAsync(b, TransactionEventKinds.BranchCallFailed, T0 + 11, "b failed");
        await AppendAsync(b, TransactionEventKinds.NeedsAttention, T0 + 12, "b stuck");

        var first = await Sut.ReadFlaggedAsync(0, 0, Settled, 10, default);
        var again = await Sut.ReadFlaggedAsync(first.Cursor, 0, Settled, 10, default);
        await AppendAsync(a, TransactionEventKinds.NeedsAttention, T0 + 20, "a stuck again");
        var later = await Sut.ReadFlaggedAsync(first.Cursor, 0, Settled, 10, default);

        Assert.Equal([(a, "a stuck"), (b, "b stuck")], first.Items.Select(i => (i.Transaction.Xid, i.Event.Detail!)));
        Assert.All(first.Items, i => Assert.Equal(TransactionEventKinds.NeedsAttention, i.Event.Kind));
        Assert.Equal(GlobalStatus.Active, first.Items[0].Transaction.Status);
        Assert.Equal(await LastEventIdAsync(b), first.Cursor);
        Assert.Empty(again.Items);
        Assert.Equal(first.Cursor, again.Cursor);
        Assert.Equal([(a, "a stuck again")], later.Items.Select(i => (i.Transaction.Xid, i.Event.Detail!)));
        Assert.Equal(await LastEventIdAsync(a), later.Cursor);
    }

    [ComplianceFact]
    public async Task ReadFlaggedAsync_ARowStillSettling_NothingFromItOnIsReadOrPassedByTheCursor()
    {
        var a = await BeginAsync();
        var b = await BeginAsync();
        await AppendAsync(a, TransactionEventKinds.NeedsAttention, T0 + 10, "a stuck");
        var beforeYoung = await LastEventIdAsync(a);
        await AppendAsync(a, TransactionEventKinds.BranchCallFailed, Settled + 5, "young");

        // Written after the young row but stamped earlier (its writer took its time before the insert).
        await AppendAsync(b, TransactionEventKinds.NeedsAttention, T0 + 20, "b stuck");

        var page = await Sut.ReadFlaggedAsync(0, 0, Settled, 10, default);
        var next = await Sut.ReadFlaggedAsync(page.Cursor, 0, Settled + 5, 10, default);

        Assert.Equal([a], page.Items.Select(i => i.Transaction.Xid));
        Assert.Equal(beforeYoung, page.Cursor);
        Assert.Equal([b], next.Items.Select(i => i.Transaction.Xid));
    }

    [ComplianceFact]
    public async Task ReadFlaggedAsync_NotBeforeAndMax_SkipOlderRowsAndStopTheCursorAtTheLastRowReturned()
    {
        var (a, b, c) = (await BeginAsync(), await BeginAsync(), await BeginAsync());
        await AppendAsync(a, TransactionEventKinds.NeedsAttention, T0 + 10, "a");
        await AppendAsync(b, TransactionEventKinds.NeedsAttention, T0 + 20, "b");
        await AppendAsync(c, TransactionEventKinds.NeedsAttention, T0 + 30, "c");

        var first = await Sut.ReadFlaggedAsync(0, T0 + 15, Settled, 1, default);
        var second = await Sut.ReadFlaggedAsync(first.Cursor, 0, Settled, 1, default);
        var third = await Sut.ReadFlaggedAsync(second.Cursor, 0, Settled, 1, default);

        Assert.Equal([b], first.Items.Select(i => i.Transaction.Xid));
        Assert.Equal(first.Items[0].Event.Id, first.Cursor);
        Assert.Equal([c], second.Items.Select(i => i.Transaction.Xid));
        Assert.Empty(third.Items);
        Assert.Equal(second.Cursor, third.Cursor);
    }

    private async Task<long> BeginAsync()
    {
        var tx = new GlobalTransaction
        {
            Xid = NextId(), Name = "place-order", ApplicationId = "orders", Status = GlobalStatus.Active, TimeoutMs = 60_000,
            CreatedUnixMs = T0, UpdatedUnixMs = T0, DeadlineUnixMs = T0 + 60_000, NextAttemptUnixMs = T0 + 60_000,
        };
        Assert.True((await Fixture.Store.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, T0), default)).Created);
        return tx.Xid;
    }

    private Task AppendAsync(long xid, string kind, long at, string detail) =>
        Fixture.Store.AppendEventsAsync([Event(xid, kind, at, detail: detail)], default);

    private async Task<long> LastEventIdAsync(long xid) => (await Fixture.Store.GetEventsAsync(xid, default)).Max(e => e.Id);
}
