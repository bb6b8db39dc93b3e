using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;
using Transactions.Storage.Compliance.Tests.Infrastructure;
using Xunit;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The retention store's suite (<see cref="ITransactionRetentionStore"/>): old and young transactions of every status,
/// TCC and saga, with branches, history and saga rows; only old terminal ones that need no attention go, whole.
/// </summary>
/// <typeparam name="TFixture">The provider's database fixture.</typeparam>
public abstract class RetentionComplianceTests<TFixture>(TFixture fixture) : ComplianceSuite<TFixture>(fixture)
    where TFixture : StorageFixture
{
    private const long Cutoff = T0 + 1_000_000;
    private const long Old = Cutoff - 1;
    private const long Young = Cutoff;

    private ITransactionRetentionStore Sut => Fixture.Services.GetRequiredService<ITransactionRetentionStore>();

    [ComplianceFact]
    public async Task DeleteFinishedAsync_OldAndYoungRowsOfEveryKind_DeletesExactlyTheOldTerminalOnesWithTheirRows()
    {
        var oldCommitted = await SeedTccAsync(GlobalStatus.Committed, Old);
        var oldRolledBack = await SeedTccAsync(GlobalStatus.RolledBack, Old);
        var oldSaga = await SeedSagaAsync(GlobalStatus.Committed, Old);
        var survivors = new[]
        {
            await SeedTccAsync(GlobalStatus.Committed, Young),
            await SeedTccAsync(GlobalStatus.RolledBack, Young),
            await SeedTccAsync(GlobalStatus.Active, Old),
            await SeedTccAsync(GlobalStatus.Committing, Old),
            await SeedTccAsync(GlobalStatus.RollingBack, Old),
            await SeedTccAsync(GlobalStatus.Committed, Old, needsAttention: true),
            await SeedTccAsync(GlobalStatus.RolledBack, Old, needsAttention: true),
            await SeedSagaAsync(GlobalStatus.Committing, Old),
            await SeedSagaAsync(GlobalStatus.RolledBack, Young),
        };

        var deleted = await Sut.DeleteFinishedAsync(Cutoff, maxCount: 100, default);

        Assert.Equal(3, deleted);
        foreach (var gone in new[] { oldCommitted, oldRolledBack, oldSaga })
        {
            Assert.Equal((0, 0, 0, 0, 0), await CountRowsAsync(gone));
        }

        foreach (var kept in survivors)
        {
            var rows = await CountRowsAsync(kept);
            Assert.Equal(1, rows.Globals);
            Assert.True(rows.Events > 0, $"transaction {kept} lost its history");
            Assert.True(rows.Branches + rows.SagaSteps > 0, $"transaction {kept} lost its branches or steps");
        }

        Assert.Equal(0, await Sut.DeleteFinishedAsync(Cutoff, maxCount: 100, default));
    }

    [ComplianceFact]
    public async Task DeleteFinishedAsync_MoreThanMaxCount_DeletesAtMostMaxCountPerCallUntilNoneIsLeft()
    {
        var old = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            old.Add(await SeedTccAsync(GlobalStatus.Committed, Old));
        }

        Assert.Equal(2, await Sut.DeleteFinishedAsync(Cutoff, maxCount: 2, default));
        Assert.Equal(3, await CountGlobalsAsync(old));
        Assert.Equal(2, await Sut.DeleteFinishedAsync(Cutoff, maxCount: 2, default));
        Assert.Equal(1, await Sut.DeleteFinishedAsync(Cutoff, maxCount: 2, default));
        Assert.Equal(0, await Sut.DeleteFinishedAsync(Cutoff, maxCount: 2, default));
        Assert.Equal(0, await CountGlobalsAsync(old));
    }

    private async Task<long> SeedTccAsync(GlobalStatus status, long updatedUnixMs, bool needsAttention = false)
    {
        var tx = new GlobalTransaction
        {
            Xid = NextId(), Name = "place-order", ApplicationId = "orders", Status = GlobalStatus.Active, TimeoutMs = 60_000,
            CreatedUnixMs = T0, UpdatedUnixMs = T0, DeadlineUnixMs = T0 + 60_000, NextAttemptUnixMs = T0 + 60_000,
        };
        Assert.True((await Fixture.Store.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, T0), default)).Created);
        for (var i = 0; i < 2; i++)
        {
            var branch = new BranchTransaction
            {
                BranchId = NextId(), Xid = tx.Xid, ResourceId = $"resource-{i}", ActionName = "freeze", BranchType = BranchType.Tcc,
                Endpoint = "http://stock:5001/tcc", Protocol = ParticipantProtocol.HttpJson, Status = BranchStatus.Registered,
                CreatedUnixMs = T0, UpdatedUnixMs = T0,
            };
            var registered = await Fixture.Store.RegisterBranchAsync(branch, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + 1, branch.BranchId), default);
            Assert.True(registered.Registered);
        }

        await SetStateAsync(tx.Xid, status, updatedUnixMs, needsAttention);
        return tx.Xid;
    }

    private async Task<long> SeedSagaAsync(GlobalStatus status, long updatedUnixMs)
    {
        var tx = new GlobalTransaction
        {
            Xid = NextId(), Kind = TransactionKind.Saga, Name = "place-order", ApplicationId = "orders", Status = GlobalStatus.Committing,
            CreatedUnixMs = T0, UpdatedUnixMs = T0, DeadlineUnixMs = T0, BranchCount = 2, NextAttemptUnixMs = T0 + LeaseMs,
            LeaseOwner = Owner, LeaseExpiresUnixMs = T0 + LeaseMs,
        };
        var steps = new[] { "reserve", "charge" }
            .Select((name, i) => new SagaStepState { Xid = tx.Xid, Ordinal = i, GroupIndex = i, Name = name, BranchId = NextId(), UpdatedUnixMs = T0 })
            .ToList();
        var record = new SagaRecord { Xid = tx.Xid, Definition = """{"name":"place-order","steps":[{"name":"reserve"},{"name":"charge"}]}""" };
        Assert.True((await Fixture.Sagas.SubmitAsync(tx, record, steps, Event(tx.Xid, TransactionEventKinds.SagaSubmitted, T0), default)).Created);
        await SetStateAsync(tx.Xid, status, updatedUnixMs, needsAttention: false);
        return tx.Xid;
    }

    /// <summary>Puts a seeded transaction in <paramref name="status"/>, last changed at <paramref name="updatedUnixMs"/>.</summary>
    private async Task SetStateAsync(long xid, GlobalStatus status, long updatedUnixMs, bool needsAttention)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        var completed = status.IsTerminal() ? updatedUnixMs : (long?)null;
        Assert.Equal(1, await context.GlobalTransactions.Where(g => g.Xid == xid).ExecuteUpdateAsync(set => set
            .SetProperty(g => g.Status, status)
            .SetProperty(g => g.UpdatedUnixMs, updatedUnixMs)
            .SetProperty(g => g.CompletedUnixMs, completed)
            .SetProperty(g => g.NeedsAttention, needsAttention)));
    }

    private async Task<(int Globals, int Branches, int Events, int Sagas, int SagaSteps)> CountRowsAsync(long xid)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return (
            await context.GlobalTransactions.CountAsync(g => g.Xid == xid),
            await context.Branches.CountAsync(b => b.Xid == xid),
            await context.Events.CountAsync(e => e.Xid == xid),
            await context.Sagas.CountAsync(s => s.Xid == xid),
            await context.SagaSteps.CountAsync(s => s.Xid == xid));
    }

    private async Task<int> CountGlobalsAsync(IReadOnlyList<long> xids)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return await context.GlobalTransactions.CountAsync(g => xids.Contains(g.Xid));
    }

    private IDbContextFactory<CoordinatorDbContext> Contexts => Fixture.Services.GetRequiredService<IDbContextFactory<CoordinatorDbContext>>();
}
