using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

/// <summary>
/// The TCC fence contract, written once and run against every provider: each concrete subclass only
/// supplies a clean database (<see cref="FenceDatabase"/>). Business actions work on an account: Try
/// freezes an amount, Confirm spends it, Cancel releases it.
/// </summary>
public abstract class TccFenceComplianceTests(FenceDatabase database)
{
    private const string ActionName = "account-freeze";
    private const long Amount = 30;
    private const int Parallelism = 8;
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private static long nextId = Random.Shared.NextInt64(1, 1L << 40);

    private int tryRuns;
    private int confirmRuns;
    private int cancelRuns;

    [DatabaseFact]
    public async Task TryAsync_NoRow_CommitsTriedRowAndBusinessChangeTogether()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var outcome = await TryAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.Executed, outcome);
        var row = await ReadFenceAsync(xid, branchId);
        Assert.NotNull(row);
        Assert.Equal(TccFenceState.Tried, row.State);
        Assert.Equal(ActionName, row.ActionName);
        Assert.Equal(row.CreatedUnixMs, row.UpdatedUnixMs);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(1, tryRuns);
    }

    [DatabaseFact]
    public async Task TryAsync_Duplicate_ReturnsAlreadyDoneWithoutRunningBusinessAgain()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var first = await TryAsync(sut, xid, branchId, accountId);
        var second = await TryAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.Executed, first);
        Assert.Equal(TccFenceOutcome.AlreadyDone, second);
        Assert.Equal(1, tryRuns);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_BusinessThrows_RollsBackFenceRowAndBusinessChange()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        await using (var db = database.CreateContext())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => sut.TryAsync(db, xid, branchId, ActionName, FreezeThenFail(db, accountId)));
            Assert.Equal("business failure", error.Message);
        }

        Assert.Null(await ReadFenceAsync(xid, branchId));
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(TccFenceOutcome.Executed, await TryAsync(sut, xid, branchId, accountId));
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_RetryingStrategyAndTransientFailure_RetriesOnCleanTrackerAndTakesEffectOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        var attempts = 0;

        TccFenceOutcome outcome;
        await using (var db = database.CreateContext(
            o => o.ReplaceService<IExecutionStrategyFactory, TestRetryingExecutionStrategyFactory>()))
        {
            outcome = await sut.TryAsync(db, xid, branchId, ActionName, async ct =>
            {
                await Freeze(db, accountId)(ct);
                if (++attempts == 1)
                {
                    await db.SaveChangesAsync(ct);
                    throw new TransientTestException();
                }
            });
        }

        Assert.Equal(TccFenceOutcome.Executed, outcome);
        Assert.Equal(2, attempts);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(TccFenceState.Tried, (await ReadFenceAsync(xid, branchId))?.State);
    }

    [DatabaseFact]
    public async Task TryAsync_AfterConfirm_ReturnsAlreadyDone()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);
        await ConfirmAsync(sut, xid, branchId, accountId);

        var outcome = await TryAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.AlreadyDone, outcome);
        Assert.Equal(1, tryRuns);
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(0, account.Frozen);
        Assert.Equal(100 - Amount, account.Balance);
    }

    [DatabaseFact]
    public async Task CancelAsync_NoRow_RecordsSuspendedWithoutRunningBusiness()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var outcome = await CancelAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.EmptyRollback, outcome);
        Assert.Equal(TccFenceState.Suspended, (await ReadFenceAsync(xid, branchId))?.State);
        Assert.Equal(0, cancelRuns);
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_AfterEmptyRollback_ThrowsRefusedWithoutRunningBusiness()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await CancelAsync(sut, xid, branchId, accountId);

        var error = await Assert.ThrowsAsync<TccFenceTryRefusedException>(() => TryAsync(sut, xid, branchId, accountId));

        Assert.Equal(TccFenceState.Suspended, error.ExistingState);
        Assert.Equal(xid, error.Xid);
        Assert.Equal(branchId, error.BranchId);
        Assert.Equal(TccFencePhase.Try, error.Phase);
        Assert.Equal(0, tryRuns);
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(TccFenceState.Suspended, (await ReadFenceAsync(xid, branchId))?.State);
    }

    [DatabaseFact]
    public async Task TryAsync_AfterCancelOfTriedBranch_ThrowsRefused()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);
        await CancelAsync(sut, xid, branchId, accountId);

        var error = await Assert.ThrowsAsync<TccFenceTryRefusedException>(() => TryAsync(sut, xid, branchId, accountId));

        Assert.Equal(TccFenceState.RolledBack, error.ExistingState);
        Assert.Equal(1, tryRuns);
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_AfterTry_CommitsStateAndBusinessChangeTogether()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        var outcome = await ConfirmAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.Executed, outcome);
        Assert.Equal(TccFenceState.Committed, (await ReadFenceAsync(xid, branchId))?.State);
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(100 - Amount, account.Balance);
        Assert.Equal(0, account.Frozen);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_Duplicate_TakesEffectOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        var first = await ConfirmAsync(sut, xid, branchId, accountId);
        var second = await ConfirmAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.Executed, first);
        Assert.Equal(TccFenceOutcome.AlreadyDone, second);
        Assert.Equal(1, confirmRuns);
        Assert.Equal(100 - Amount, (await ReadAccountAsync(accountId)).Balance);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_NoRow_ThrowsProtocolViolationAndWritesNothing()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var error = await Assert.ThrowsAsync<TccFenceProtocolViolationException>(
            () => ConfirmAsync(sut, xid, branchId, accountId));

        Assert.Null(error.ExistingState);
        Assert.Equal(TccFencePhase.Confirm, error.Phase);
        Assert.Equal(0, confirmRuns);
        Assert.Null(await ReadFenceAsync(xid, branchId));
        Assert.Equal(100, (await ReadAccountAsync(accountId)).Balance);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_AfterCancel_ThrowsProtocolViolation()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);
        await CancelAsync(sut, xid, branchId, accountId);

        var error = await Assert.ThrowsAsync<TccFenceProtocolViolationException>(
            () => ConfirmAsync(sut, xid, branchId, accountId));

        Assert.Equal(TccFenceState.RolledBack, error.ExistingState);
        Assert.Equal(0, confirmRuns);
        Assert.Equal(TccFenceState.RolledBack, (await ReadFenceAsync(xid, branchId))?.State);
        Assert.Equal(100, (await ReadAccountAsync(accountId)).Balance);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_AfterEmptyRollback_ThrowsProtocolViolation()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await CancelAsync(sut, xid, branchId, accountId);

        var error = await Assert.ThrowsAsync<TccFenceProtocolViolationException>(
            () => ConfirmAsync(sut, xid, branchId, accountId));

        Assert.Equal(TccFenceState.Suspended, error.ExistingState);
        Assert.Equal(0, confirmRuns);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_BusinessThrows_KeepsRowTriedAndRetryTakesEffect()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(
                () => sut.ConfirmAsync(db, xid, branchId, ActionName, SpendThenFail(db, accountId)));
        }

        Assert.Equal(TccFenceState.Tried, (await ReadFenceAsync(xid, branchId))?.State);
        Assert.Equal(100, (await ReadAccountAsync(accountId)).Balance);
        Assert.Equal(TccFenceOutcome.Executed, await ConfirmAsync(sut, xid, branchId, accountId));
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(100 - Amount, account.Balance);
        Assert.Equal(0, account.Frozen);
    }

    [DatabaseFact]
    public async Task CancelAsync_AfterTry_ReleasesReservationOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        var first = await CancelAsync(sut, xid, branchId, accountId);
        var second = await CancelAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.Executed, first);
        Assert.Equal(TccFenceOutcome.AlreadyDone, second);
        Assert.Equal(1, cancelRuns);
        Assert.Equal(TccFenceState.RolledBack, (await ReadFenceAsync(xid, branchId))?.State);
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(0, account.Frozen);
        Assert.Equal(100, account.Balance);
    }

    [DatabaseFact]
    public async Task CancelAsync_DuplicateEmptyRollback_ReturnsAlreadyDone()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var first = await CancelAsync(sut, xid, branchId, accountId);
        var second = await CancelAsync(sut, xid, branchId, accountId);

        Assert.Equal(TccFenceOutcome.EmptyRollback, first);
        Assert.Equal(TccFenceOutcome.AlreadyDone, second);
        Assert.Equal(0, cancelRuns);
        Assert.Equal(TccFenceState.Suspended, (await ReadFenceAsync(xid, branchId))?.State);
    }

    [DatabaseFact]
    public async Task CancelAsync_AfterConfirm_ThrowsProtocolViolation()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);
        await ConfirmAsync(sut, xid, branchId, accountId);

        var error = await Assert.ThrowsAsync<TccFenceProtocolViolationException>(
            () => CancelAsync(sut, xid, branchId, accountId));

        Assert.Equal(TccFenceState.Committed, error.ExistingState);
        Assert.Equal(TccFencePhase.Cancel, error.Phase);
        Assert.Equal(0, cancelRuns);
        Assert.Equal(TccFenceState.Committed, (await ReadFenceAsync(xid, branchId))?.State);
    }

    [DatabaseFact]
    public async Task CancelAsync_BusinessThrows_KeepsRowTriedAndReservation()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => sut.CancelAsync(
                db,
                xid,
                branchId,
                ActionName,
                async ct =>
                {
                    await Release(db, accountId)(ct);
                    throw new InvalidOperationException("business failure");
                }));
        }

        Assert.Equal(TccFenceState.Tried, (await ReadFenceAsync(xid, branchId))?.State);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_ConcurrentDuplicates_RunBusinessOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var outcomes = await RunConcurrentlyAsync(() => TryAsync(sut, xid, branchId, accountId, Hold));

        Assert.Equal(1, outcomes.Count(o => o == TccFenceOutcome.Executed));
        Assert.Equal(Parallelism - 1, outcomes.Count(o => o == TccFenceOutcome.AlreadyDone));
        Assert.Equal(1, tryRuns);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task ConfirmAsync_ConcurrentDuplicates_TakeEffectOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        var outcomes = await RunConcurrentlyAsync(() => ConfirmAsync(sut, xid, branchId, accountId, Hold));

        Assert.Equal(1, outcomes.Count(o => o == TccFenceOutcome.Executed));
        Assert.Equal(Parallelism - 1, outcomes.Count(o => o == TccFenceOutcome.AlreadyDone));
        Assert.Equal(1, confirmRuns);
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(100 - Amount, account.Balance);
        Assert.Equal(0, account.Frozen);
    }

    [DatabaseFact]
    public async Task CancelAsync_ConcurrentDuplicates_TakeEffectOnce()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        await TryAsync(sut, xid, branchId, accountId);

        var outcomes = await RunConcurrentlyAsync(() => CancelAsync(sut, xid, branchId, accountId, Hold));

        Assert.Equal(1, outcomes.Count(o => o == TccFenceOutcome.Executed));
        Assert.Equal(Parallelism - 1, outcomes.Count(o => o == TccFenceOutcome.AlreadyDone));
        Assert.Equal(1, cancelRuns);
        var account = await ReadAccountAsync(accountId);
        Assert.Equal(0, account.Frozen);
        Assert.Equal(100, account.Balance);
    }

    [DatabaseFact]
    public async Task CancelAsync_ConcurrentDuplicatesWithoutTry_RecordOneEmptyRollback()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var outcomes = await RunConcurrentlyAsync(() => CancelAsync(sut, xid, branchId, accountId));

        Assert.Equal(1, outcomes.Count(o => o == TccFenceOutcome.EmptyRollback));
        Assert.Equal(Parallelism - 1, outcomes.Count(o => o == TccFenceOutcome.AlreadyDone));
        Assert.Equal(0, cancelRuns);
        Assert.Equal(TccFenceState.Suspended, (await ReadFenceAsync(xid, branchId))?.State);
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_NoRow_KeepsOutputInTheRowWithTheBusinessChange()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var result = await TryKeepingOutputAsync(sut, xid, branchId, accountId, "receipt-1");

        Assert.Equal(new TccFenceResult(TccFenceOutcome.Executed, "receipt-1"), result);
        var row = await ReadFenceAsync(xid, branchId);
        Assert.Equal((TccFenceState.Tried, "receipt-1"), (row?.State, row?.Output));
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(1, tryRuns);
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_Duplicate_ReturnsTheKeptOutputWithoutRunningBusinessAgain()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var first = await TryKeepingOutputAsync(sut, xid, branchId, accountId, "{\"orderId\":7}");
        var second = await TryKeepingOutputAsync(sut, xid, branchId, accountId, "would-differ");

        Assert.Equal(new TccFenceResult(TccFenceOutcome.Executed, "{\"orderId\":7}"), first);
        Assert.Equal(new TccFenceResult(TccFenceOutcome.AlreadyDone, "{\"orderId\":7}"), second);
        Assert.Equal(1, tryRuns);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_NoOutput_DuplicateReturnsNull()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        var first = await TryKeepingOutputAsync(sut, xid, branchId, accountId, null);
        var second = await TryKeepingOutputAsync(sut, xid, branchId, accountId, "would-differ");

        Assert.Equal(new TccFenceResult(TccFenceOutcome.Executed, null), first);
        Assert.Equal(new TccFenceResult(TccFenceOutcome.AlreadyDone, null), second);
        Assert.Null((await ReadFenceAsync(xid, branchId))?.Output);
        Assert.Equal(1, tryRuns);
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_BusinessThrows_KeepsNeitherRowNorOutput()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        await using (var db = database.CreateContext())
        {
            var failing = FreezeThenFail(db, accountId);
            await Assert.ThrowsAsync<InvalidOperationException>(() => sut.TryKeepingOutputAsync(db, xid, branchId, ActionName, async ct =>
            {
                await failing(ct);
                return "never kept";
            }));
        }

        Assert.Null(await ReadFenceAsync(xid, branchId));
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(new TccFenceResult(TccFenceOutcome.Executed, "second"), await TryKeepingOutputAsync(sut, xid, branchId, accountId, "second"));
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_AfterEmptyRollback_RefusedWithoutRunningBusiness()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        Assert.Equal(TccFenceOutcome.EmptyRollback, await CancelAsync(sut, xid, branchId, accountId));

        var refused = await Assert.ThrowsAsync<TccFenceTryRefusedException>(() => TryKeepingOutputAsync(sut, xid, branchId, accountId, "late"));

        Assert.Equal(TccFenceState.Suspended, refused.ExistingState);
        Assert.Equal(0, tryRuns);
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Null((await ReadFenceAsync(xid, branchId))?.Output);
    }

    [DatabaseFact]
    public async Task TryKeepingOutputAsync_ConcurrentDuplicates_RunOnceAndAllAnswerTheSameOutput()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        var callers = 0;

        var results = await RunConcurrentlyAsync(() => TryKeepingOutputAsync(sut, xid, branchId, accountId, $"out-{Interlocked.Increment(ref callers)}", Hold));

        var executed = Assert.Single(results, r => r.Outcome == TccFenceOutcome.Executed);
        Assert.Equal(Parallelism - 1, results.Count(r => r.Outcome == TccFenceOutcome.AlreadyDone));
        Assert.All(results, r => Assert.Equal(executed.Output, r.Output));
        Assert.Equal(executed.Output, (await ReadFenceAsync(xid, branchId))?.Output);
        Assert.Equal(1, tryRuns);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_TccBranch_LeavesOutputNull()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        await TryAsync(sut, xid, branchId, accountId);

        Assert.Null((await ReadFenceAsync(xid, branchId))?.Output);
    }

    [DatabaseFact]
    public async Task CancelAsync_RacingTry_NeverLeavesAReservation()
    {
        const int rounds = 20;
        var sut = CreateSut();
        var accountId = await SeedAccountAsync(balance: 1_000);
        var executedTries = 0;
        for (var round = 0; round < rounds; round++)
        {
            var (xid, branchId) = (NextId(), NextId());
            var hold = TimeSpan.FromMilliseconds(round % 4 * 10);
            // Even rounds give the Try a head start, odd rounds the Cancel: both orders must stay consistent.
            var stagger = TimeSpan.FromMilliseconds(round % 3 * 2);
            var (tryDelay, cancelDelay) = round % 2 == 0 ? (TimeSpan.Zero, stagger) : (stagger, TimeSpan.Zero);
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tryTask = Task.Run(async () =>
            {
                await start.Task;
                await Task.Delay(tryDelay);
                try
                {
                    return (TccFenceOutcome?)await TryAsync(sut, xid, branchId, accountId, hold);
                }
                catch (TccFenceTryRefusedException)
                {
                    return null;
                }
            });
            var cancelTask = Task.Run(async () =>
            {
                await start.Task;
                await Task.Delay(cancelDelay);
                return await CancelAsync(sut, xid, branchId, accountId);
            });
            start.SetResult();
            var tryOutcome = await tryTask.WaitAsync(Bound);
            var cancelOutcome = await cancelTask.WaitAsync(Bound);

            var row = await ReadFenceAsync(xid, branchId);
            Assert.NotNull(row);
            if (tryOutcome is null)
            {
                // Cancel came first: empty rollback, then the Try was refused (no hanging reservation).
                Assert.Equal(TccFenceOutcome.EmptyRollback, cancelOutcome);
                Assert.Equal(TccFenceState.Suspended, row.State);
            }
            else
            {
                // Try came first: the Cancel released exactly what it reserved.
                executedTries++;
                Assert.Equal(TccFenceOutcome.Executed, tryOutcome);
                Assert.Equal(TccFenceOutcome.Executed, cancelOutcome);
                Assert.Equal(TccFenceState.RolledBack, row.State);
            }

            Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        }

        Assert.Equal(executedTries, tryRuns);
        Assert.Equal(executedTries, cancelRuns);
    }

    [DatabaseFact]
    public async Task TryAsync_CallerTransactionRolledBack_LeavesNoRowAndNoReservation()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var outcome = await sut.TryAsync(db, xid, branchId, ActionName, Freeze(db, accountId));
            Assert.Equal(TccFenceOutcome.Executed, outcome);
            await transaction.RollbackAsync();
        }

        Assert.Null(await ReadFenceAsync(xid, branchId));
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
    }

    [DatabaseFact]
    public async Task TryAsync_CallerTransactionCommitted_CommitsFenceRowWithCallerChanges()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        var otherAccountId = await SeedAccountAsync();

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AddToBalanceAsync(db, otherAccountId, 5);
            await sut.TryAsync(db, xid, branchId, ActionName, Freeze(db, accountId));
            await transaction.CommitAsync();
        }

        Assert.Equal(TccFenceState.Tried, (await ReadFenceAsync(xid, branchId))?.State);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(105, (await ReadAccountAsync(otherAccountId)).Balance);
    }

    [DatabaseFact]
    public async Task TryAsync_BusinessThrowsInsideCallerTransaction_UndoesOnlyTheFenceCall()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        var otherAccountId = await SeedAccountAsync();

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AddToBalanceAsync(db, otherAccountId, 5);
            await Assert.ThrowsAsync<InvalidOperationException>(
                () => sut.TryAsync(db, xid, branchId, ActionName, FreezeThenFail(db, accountId)));

            // The caller's transaction is still usable (on PostgreSQL too: the fence used a savepoint).
            await AddToBalanceAsync(db, otherAccountId, 1);
            await transaction.CommitAsync();
        }

        Assert.Null(await ReadFenceAsync(xid, branchId));
        Assert.Equal(0, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(106, (await ReadAccountAsync(otherAccountId)).Balance);
    }

    [DatabaseFact]
    public async Task TryAsync_DuplicateInsideCallerTransaction_ReturnsAlreadyDoneAndKeepsCallerTransactionUsable()
    {
        var sut = CreateSut();
        var (accountId, xid, branchId) = await NewBranchAsync();
        var otherAccountId = await SeedAccountAsync();
        await TryAsync(sut, xid, branchId, accountId);

        await using (var db = database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await AddToBalanceAsync(db, otherAccountId, 5);
            var outcome = await sut.TryAsync(db, xid, branchId, ActionName, Freeze(db, accountId));
            Assert.Equal(TccFenceOutcome.AlreadyDone, outcome);
            await AddToBalanceAsync(db, otherAccountId, 1);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, tryRuns);
        Assert.Equal(Amount, (await ReadAccountAsync(accountId)).Frozen);
        Assert.Equal(106, (await ReadAccountAsync(otherAccountId)).Balance);
    }

    [DatabaseFact]
    public async Task CleanOnceAsync_MixedRows_DeletesOnlyFinalStateRowsOlderThanRetention()
    {
        var now = DateTimeOffset.UtcNow;
        var rowClock = new FakeTimeProvider(now - TimeSpan.FromDays(8));
        var fence = CreateSut(rowClock);
        var accountId = await SeedAccountAsync(balance: 1_000);
        var committed = (NextId(), NextId());
        var rolledBack = (NextId(), NextId());
        var suspended = (NextId(), NextId());
        var tried = (NextId(), NextId());
        var recent = (NextId(), NextId());
        await TryAsync(fence, committed.Item1, committed.Item2, accountId);
        await ConfirmAsync(fence, committed.Item1, committed.Item2, accountId);
        await TryAsync(fence, rolledBack.Item1, rolledBack.Item2, accountId);
        await CancelAsync(fence, rolledBack.Item1, rolledBack.Item2, accountId);
        await CancelAsync(fence, suspended.Item1, suspended.Item2, accountId);
        await TryAsync(fence, tried.Item1, tried.Item2, accountId);
        rowClock.SetUtcNow(now - TimeSpan.FromDays(6));
        await TryAsync(fence, recent.Item1, recent.Item2, accountId);
        await ConfirmAsync(fence, recent.Item1, recent.Item2, accountId);
        await using var services = BuildServices(new FakeTimeProvider(now), _ => { });
        var sut = services.GetRequiredService<TccFenceCleaner<FenceTestDbContext>>();

        var deleted = await sut.CleanOnceAsync();

        Assert.Equal(3, deleted);
        Assert.Null(await ReadFenceAsync(committed.Item1, committed.Item2));
        Assert.Null(await ReadFenceAsync(rolledBack.Item1, rolledBack.Item2));
        Assert.Null(await ReadFenceAsync(suspended.Item1, suspended.Item2));
        Assert.Equal(TccFenceState.Tried, (await ReadFenceAsync(tried.Item1, tried.Item2))?.State);
        Assert.Equal(TccFenceState.Committed, (await ReadFenceAsync(recent.Item1, recent.Item2))?.State);
    }

    [DatabaseFact]
    public async Task CleanOnceAsync_MoreOldRowsThanOneRunAllows_StopsAtBatchLimitAndNextRunFinishes()
    {
        var now = DateTimeOffset.UtcNow;
        var fence = CreateSut(new FakeTimeProvider(now - TimeSpan.FromDays(30)));
        var accountId = await SeedAccountAsync();
        var branches = Enumerable.Range(0, 5).Select(_ => (Xid: NextId(), BranchId: NextId())).ToList();
        foreach (var (xid, branchId) in branches)
        {
            await CancelAsync(fence, xid, branchId, accountId);
        }

        await using var services = BuildServices(new FakeTimeProvider(now), options =>
        {
            options.CleanupBatchSize = 2;
            options.MaxBatchesPerCleanup = 2;
        });
        var sut = services.GetRequiredService<TccFenceCleaner<FenceTestDbContext>>();

        var first = await sut.CleanOnceAsync();
        var second = await sut.CleanOnceAsync();
        var third = await sut.CleanOnceAsync();

        Assert.Equal([4, 1, 0], new[] { first, second, third });
        foreach (var (xid, branchId) in branches)
        {
            Assert.Null(await ReadFenceAsync(xid, branchId));
        }
    }

    [DatabaseFact]
    public async Task ExecuteAsync_Started_CleansAtStartAndAgainAfterTheInterval()
    {
        var now = DateTimeOffset.UtcNow;
        var fence = CreateSut(new FakeTimeProvider(now - TimeSpan.FromDays(8)));
        var accountId = await SeedAccountAsync();
        var (firstXid, firstBranchId, secondXid, secondBranchId) = (NextId(), NextId(), NextId(), NextId());
        await CancelAsync(fence, firstXid, firstBranchId, accountId);
        var cleanerClock = new TimerCountingFakeTimeProvider(now);
        await using var services = BuildServices(cleanerClock, options => options.CleanupInterval = TimeSpan.FromMinutes(10));
        var sut = services.GetServices<IHostedService>().OfType<TccFenceCleaner<FenceTestDbContext>>().Single();

        await sut.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await EventuallyAsync(async () => await ReadFenceAsync(firstXid, firstBranchId) is null));
            Assert.True(await EventuallyAsync(() => Task.FromResult(cleanerClock.TimersCreated > 0)));
            await CancelAsync(fence, secondXid, secondBranchId, accountId);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            Assert.NotNull(await ReadFenceAsync(secondXid, secondBranchId));

            cleanerClock.Advance(TimeSpan.FromMinutes(10));

            Assert.True(await EventuallyAsync(async () => await ReadFenceAsync(secondXid, secondBranchId) is null));
        }
        finally
        {
            await sut.StopAsync(CancellationToken.None);
        }
    }

    [DatabaseFact]
    public async Task ExecuteAsync_CleanerDisabled_EndsWithoutDeleting()
    {
        var now = DateTimeOffset.UtcNow;
        var fence = CreateSut(new FakeTimeProvider(now - TimeSpan.FromDays(30)));
        var (accountId, xid, branchId) = await NewBranchAsync();
        await CancelAsync(fence, xid, branchId, accountId);
        await using var services = BuildServices(new FakeTimeProvider(now), options => options.CleanerEnabled = false);
        var sut = services.GetRequiredService<TccFenceCleaner<FenceTestDbContext>>();

        await sut.StartAsync(CancellationToken.None);
        await sut.ExecuteTask!.WaitAsync(Bound);
        await sut.StopAsync(CancellationToken.None);

        Assert.True(sut.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(TccFenceState.Suspended, (await ReadFenceAsync(xid, branchId))?.State);
    }

    private static long NextId() => Interlocked.Increment(ref nextId);

    private static TccFence<FenceTestDbContext> CreateSut(TimeProvider? timeProvider = null)
        => new(timeProvider ?? TimeProvider.System, NullLogger<TccFence<FenceTestDbContext>>.Instance);

    private static async Task<T[]> RunConcurrentlyAsync<T>(Func<Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Parallelism)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await call();
            }))
            .ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks).WaitAsync(Bound);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        return await condition();
    }

    private static Task AddToBalanceAsync(FenceTestDbContext db, long accountId, long amount)
        => db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount));

    private ServiceProvider BuildServices(TimeProvider timeProvider, Action<TccFenceOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(timeProvider);
        services.AddDbContext<FenceTestDbContext>(database.Configure);
        services.AddTccFence<FenceTestDbContext>(configure);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private async Task<(long AccountId, long Xid, long BranchId)> NewBranchAsync()
        => (await SeedAccountAsync(), NextId(), NextId());

    private async Task<long> SeedAccountAsync(long balance = 100)
    {
        var id = NextId();
        await using var db = database.CreateContext();
        db.Accounts.Add(new Account { Id = id, Balance = balance });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<Account> ReadAccountAsync(long accountId)
    {
        await using var db = database.CreateContext();
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == accountId);
    }

    private async Task<TccFenceRecord?> ReadFenceAsync(long xid, long branchId)
    {
        await using var db = database.CreateContext();
        return await db.Fence.AsNoTracking().SingleOrDefaultAsync(r => r.Xid == xid && r.BranchId == branchId);
    }

    private async Task<TccFenceOutcome> TryAsync(ITccFence<FenceTestDbContext> sut, long xid, long branchId, long accountId, TimeSpan? hold = null)
    {
        await using var db = database.CreateContext();
        return await sut.TryAsync(db, xid, branchId, ActionName, Freeze(db, accountId, hold));
    }

    /// <summary>A saga step's action: freezes like <see cref="Freeze"/> and returns <paramref name="output"/>.</summary>
    private async Task<TccFenceResult> TryKeepingOutputAsync(ITccFence<FenceTestDbContext> sut, long xid, long branchId, long accountId, string? output, TimeSpan? hold = null)
    {
        await using var db = database.CreateContext();
        var freeze = Freeze(db, accountId, hold);
        return await sut.TryKeepingOutputAsync(db, xid, branchId, ActionName, async ct =>
        {
            await freeze(ct);
            return output;
        });
    }

    private async Task<TccFenceOutcome> ConfirmAsync(ITccFence<FenceTestDbContext> sut, long xid, long branchId, long accountId, TimeSpan? hold = null)
    {
        await using var db = database.CreateContext();
        return await sut.ConfirmAsync(db, xid, branchId, ActionName, Spend(db, accountId, hold));
    }

    private async Task<TccFenceOutcome> CancelAsync(ITccFence<FenceTestDbContext> sut, long xid, long branchId, long accountId, TimeSpan? hold = null)
    {
        await using var db = database.CreateContext();
        return await sut.CancelAsync(db, xid, branchId, ActionName, Release(db, accountId, hold));
    }

    /// <summary>Try: freezes <see cref="Amount"/> on the tracked entity and leaves saving to the fence.</summary>
    private Func<CancellationToken, Task> Freeze(FenceTestDbContext db, long accountId, TimeSpan? hold = null) => async ct =>
    {
        Interlocked.Increment(ref tryRuns);
        var account = await db.Accounts.SingleAsync(a => a.Id == accountId, ct);
        if (account.Balance - account.Frozen < Amount)
        {
            throw new InvalidOperationException("insufficient funds");
        }

        account.Frozen += Amount;
        if (hold is { } delay)
        {
            await Task.Delay(delay, ct);
        }
    };

    /// <summary>Try that saves its change itself and then fails.</summary>
    private Func<CancellationToken, Task> FreezeThenFail(FenceTestDbContext db, long accountId) => async ct =>
    {
        await Freeze(db, accountId)(ct);
        await db.SaveChangesAsync(ct);
        throw new InvalidOperationException("business failure");
    };

    /// <summary>Confirm: spends the frozen amount with a set-based update.</summary>
    private Func<CancellationToken, Task> Spend(FenceTestDbContext db, long accountId, TimeSpan? hold = null) => async ct =>
    {
        Interlocked.Increment(ref confirmRuns);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Balance, a => a.Balance - Amount).SetProperty(a => a.Frozen, a => a.Frozen - Amount),
            ct);
        if (hold is { } delay)
        {
            await Task.Delay(delay, ct);
        }
    };

    private Func<CancellationToken, Task> SpendThenFail(FenceTestDbContext db, long accountId) => async ct =>
    {
        await Spend(db, accountId)(ct);
        throw new InvalidOperationException("business failure");
    };

    /// <summary>Cancel: releases the frozen amount with a set-based update.</summary>
    private Func<CancellationToken, Task> Release(FenceTestDbContext db, long accountId, TimeSpan? hold = null) => async ct =>
    {
        Interlocked.Increment(ref cancelRuns);
        await db.Accounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(
            s => s.SetProperty(a => a.Frozen, a => a.Frozen - Amount),
            ct);
        if (hold is { } delay)
        {
            await Task.Delay(delay, ct);
        }
    };
}
