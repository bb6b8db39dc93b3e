using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore
{
    /// <inheritdoc />
    public async Task<bool> SavePhaseTwoRoundAsync(PhaseTwoRound round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.CompleteAs is { } final && !final.IsTerminal())
        {
            throw new ArgumentException($"CompleteAs must be a terminal status, not {final}.", nameof(round));
        }

        StoredText.Fit(round.Events);
        var lastError = StoredText.Error(round.LastError);
        if (_postgreSql)
        {
            return await PostgreSqlCommands.SavePhaseTwoRoundAsync(_statements, round, lastError, cancellationToken).ConfigureAwait(false);
        }

        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var now = round.NowUnixMs;
                var updated = await context.GlobalTransactions
                    .Where(g => g.Xid == round.Xid && g.Status == round.Status && g.LeaseOwner == round.Owner)
                    .ExecuteUpdateAsync(
                        s =>
                        {
                            s.SetProperty(g => g.Phase2Attempts, round.Phase2Attempts)
                                .SetProperty(g => g.LastError, lastError)
                                .SetProperty(g => g.NeedsAttention, round.NeedsAttention)
                                .SetProperty(g => g.UpdatedUnixMs, now)
                                .SetProperty(g => g.LeaseOwner, (string?)null)
                                .SetProperty(g => g.LeaseExpiresUnixMs, (long?)null);
                            if (round.CompleteAs is { } completeAs)
                            {
                                s.SetProperty(g => g.Status, completeAs)
                                    .SetProperty(g => g.CompletedUnixMs, now)
                                    .SetProperty(g => g.NextAttemptUnixMs, (long?)null);
                            }
                            else
                            {
                                // Unfinished phase 2 always keeps a next attempt time, so recovery finds it.
                                s.SetProperty(g => g.NextAttemptUnixMs, round.NextAttemptUnixMs ?? now);
                            }
                        },
                        cancellationToken).ConfigureAwait(false);
                if (updated == 0)
                {
                    return false;
                }

                foreach (var outcome in round.Branches)
                {
                    // A stub with only the changed columns marked: one UPDATE per branch, batched with
                    // the event inserts into one round trip by SaveChanges.
                    var entry = context.Branches.Attach(new BranchTransaction { BranchId = outcome.BranchId, Xid = round.Xid });
                    SetModified(entry.Property(b => b.Status), outcome.Status);
                    SetModified(entry.Property(b => b.Attempts), outcome.Attempts);
                    SetModified(entry.Property(b => b.LastError), StoredText.Error(outcome.LastError));
                    SetModified(entry.Property(b => b.NextRetryUnixMs), outcome.NextRetryUnixMs);
                    SetModified(entry.Property(b => b.UpdatedUnixMs), now);
                }

                await CountRepeatsAsync(context, round.Xid, TransactionEventKinds.BranchCallFailed, round.RepeatedFailures, cancellationToken).ConfigureAwait(false);

                context.Events.AddRange(round.Events);
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
    }

    /// <summary>
    /// Each repeated failure adds one to the repeats of its branch's latest <paramref name="kind"/> entry and sets
    /// its last time (inside the caller's database transaction).
    /// </summary>
    private static async Task CountRepeatsAsync(CoordinatorDbContext context, long xid, string kind, IReadOnlyList<RepeatedFailure> repeats, CancellationToken cancellationToken)
    {
        foreach (var repeat in repeats)
        {
            var (branchId, at) = (repeat.BranchId, repeat.AtUnixMs);
            await context.Events
                .Where(e => e.Id == context.Events
                    .Where(l => l.Xid == xid && l.BranchId == branchId && l.Kind == kind)
                    .Max(l => l.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Repeats, e => e.Repeats + 1).SetProperty(e => e.LastAtUnixMs, at), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    private static void SetModified<T>(PropertyEntry<BranchTransaction, T> property, T value)
    {
        property.CurrentValue = value;
        property.IsModified = true;
    }
}
