using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Participants;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Engine;

/// <summary>
/// Runs phase-2 rounds: Confirm every unfinished branch in parallel (Committing), or Cancel them one by
/// one in reverse registration order, stopping at the first failure (RollingBack). Each round ends with
/// one conditional write of every outcome; unfinished work is rescheduled with capped exponential
/// backoff and flagged as needing attention past the threshold. Nothing is ever dropped.
/// </summary>
public sealed partial class PhaseTwoDriver(
    ITransactionStore store,
    IParticipantInvoker invoker,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<PhaseTwoDriver> logger,
    CoordinatorMetrics? metrics = null)
{
    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>
    /// Runs one round on a transaction whose lease this instance holds. Returns the status after the
    /// round (the terminal status when it finished, the phase-2 status when work remains).
    /// </summary>
    public async Task<GlobalStatus> RunRoundAsync(TransactionSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var tx = snapshot.Transaction;
        if (!tx.Status.IsPhaseTwo())
        {
            return tx.Status;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Xid"] = tx.Xid });
        var started = timeProvider.GetTimestamp();
        var committing = tx.Status == GlobalStatus.Committing;
        var action = committing ? BranchAction.Confirm : BranchAction.Cancel;
        var outcomes = new List<BranchOutcome>();
        var events = new List<TransactionEvent>();
        var repeated = new List<RepeatedFailure>();
        var remaining = 0;
        string? lastError = null;

        if (committing)
        {
            var pending = snapshot.Branches.Where(b => !b.Status.IsTerminal()).ToList();
            var results = await CallAllAsync(pending, action, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < pending.Count; i++)
            {
                Record(pending[i], results[i]);
            }
        }
        else
        {
            var roundBudget = _options.LeaseDuration / 2;
            var stop = false;
            foreach (var branch in snapshot.Branches.OrderByDescending(b => b.Ordinal))
            {
                if (branch.Status.IsTerminal())
                {
                    continue;
                }

                if (stop || timeProvider.GetElapsedTime(started) > roundBudget)
                {
                    remaining++;
                    continue;
                }

                var result = await invoker.InvokeAsync(branch, action, branch.Attempts + 1, cancellationToken).ConfigureAwait(false);
                Record(branch, result);
                stop = !result.Succeeded;
            }
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var rounds = tx.Phase2Attempts + 1;
        var done = remaining == 0;
        GlobalStatus? completeAs = done ? (committing ? GlobalStatus.Committed : GlobalStatus.RolledBack) : null;
        var needsAttention = !done && (tx.NeedsAttention || rounds >= _options.NeedsAttentionAfterRounds);
        long? nextAttempt = null;
        if (done)
        {
            events.Add(Event(tx.Xid, null, now, committing ? TransactionEventKinds.Committed : TransactionEventKinds.RolledBack, $"phase 2 finished after {rounds} round(s)"));
        }
        else
        {
            nextAttempt = now + (long)PhaseTwoBackoff.Next(rounds, _options.Phase2InitialBackoff, _options.Phase2MaxBackoff, Random.Shared).TotalMilliseconds;
            if (needsAttention && !tx.NeedsAttention)
            {
                events.Add(Event(tx.Xid, null, now, TransactionEventKinds.NeedsAttention, $"phase 2 still unfinished after {rounds} rounds: {lastError}"));
            }
        }

        var round = new PhaseTwoRound(tx.Xid, tx.Status, _options.InstanceId, now)
        {
            Branches = outcomes,
            CompleteAs = completeAs,
            Phase2Attempts = rounds,
            NextAttemptUnixMs = nextAttempt,
            LastError = lastError,
            NeedsAttention = needsAttention,
            Events = events,
            RepeatedFailures = repeated,
        };

        if (!await store.SavePhaseTwoRoundAsync(round, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseLost(logger, tx.Xid, tx.Status);
            return tx.Status;
        }

        var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        metrics?.Phase2Round(tx.Status, completeAs is not null, elapsedMs);
        if (completeAs is { } final)
        {
            metrics?.TransactionFinished(final);
            LogFinished(logger, _options.TransactionLogLevel, tx.Xid, final, rounds, elapsedMs);
            return final;
        }

        if (needsAttention && !tx.NeedsAttention)
        {
            // Once, when the transaction is flagged (the saga driver does the same); later rounds log as unfinished.
            LogNeedsAttention(logger, tx.Xid, tx.Status, rounds, lastError);
        }
        else
        {
            LogRoundUnfinished(logger, tx.Xid, tx.Status, remaining, rounds, lastError);
        }

        return tx.Status;

        void Record(BranchTransaction branch, BranchCallResult result)
        {
            var at = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var attempts = branch.Attempts + Math.Max(1, result.Calls);
            if (result.Succeeded)
            {
                var status = committing ? BranchStatus.Confirmed : BranchStatus.Cancelled;
                outcomes.Add(new BranchOutcome(branch.BranchId, status, attempts, null, null));
                events.Add(Event(tx.Xid, branch.BranchId, at, committing ? TransactionEventKinds.BranchConfirmed : TransactionEventKinds.BranchCancelled, $"{branch.ResourceId}/{branch.ActionName} attempt {attempts}"));
            }
            else
            {
                remaining++;
                lastError = Truncate($"{branch.ResourceId}/{branch.ActionName}: {result.Error}", 4000);
                outcomes.Add(new BranchOutcome(branch.BranchId, branch.Status, attempts, lastError, null));
                if (string.Equals(branch.LastError, lastError, StringComparison.Ordinal))
                {
                    // The same failure as last time: one history entry counts them (first and last time).
                    repeated.Add(new RepeatedFailure(branch.BranchId, at));
                }
                else
                {
                    events.Add(Event(tx.Xid, branch.BranchId, at, TransactionEventKinds.BranchCallFailed, $"{action} attempt {attempts}: {result.Error}"));
                }

                LogBranchCallFailed(logger, tx.Xid, branch.BranchId, action, attempts, result.Error);
            }
        }
    }

    private async Task<BranchCallResult[]> CallAllAsync(List<BranchTransaction> branches, BranchAction action, CancellationToken cancellationToken)
    {
        var results = new BranchCallResult[branches.Count];
        if (branches.Count <= _options.MaxParallelBranchCalls)
        {
            var tasks = new Task<BranchCallResult>[branches.Count];
            for (var i = 0; i < branches.Count; i++)
            {
                tasks[i] = invoker.InvokeAsync(branches[i], action, branches[i].Attempts + 1, cancellationToken);
            }

            for (var i = 0; i < tasks.Length; i++)
            {
                results[i] = await tasks[i].ConfigureAwait(false);
            }

            return results;
        }

        await Parallel.ForEachAsync(
            Enumerable.Range(0, branches.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelBranchCalls, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await invoker.InvokeAsync(branches[i], action, branches[i].Attempts + 1, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private TransactionEvent Event(long xid, long? branchId, long at, string kind, string? detail) => new()
    {
        Xid = xid,
        BranchId = branchId,
        AtUnixMs = at,
        Kind = kind,
        Actor = _options.InstanceId,
        Detail = detail is null ? null : Truncate(detail, 4000),
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 200, Message = "xid {Xid}: phase 2 finished as {Status} after {Rounds} round(s), last round {ElapsedMs:F1} ms")]
    private static partial void LogFinished(ILogger logger, LogLevel level, long xid, GlobalStatus status, int rounds, double elapsedMs);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "xid {Xid} branch {BranchId}: {Action} attempt {Attempt} failed: {Error}")]
    private static partial void LogBranchCallFailed(ILogger logger, long xid, long branchId, BranchAction action, int attempt, string? error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "xid {Xid}: {Status} unfinished, {Remaining} branch(es) left after round {Rounds}; will retry. Last error: {LastError}")]
    private static partial void LogRoundUnfinished(ILogger logger, long xid, GlobalStatus status, int remaining, int rounds, string? lastError);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "xid {Xid}: NEEDS ATTENTION, {Status} still unfinished after {Rounds} rounds; retrying at the capped interval. Last error: {LastError}")]
    private static partial void LogNeedsAttention(ILogger logger, long xid, GlobalStatus status, int rounds, string? lastError);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "xid {Xid}: round result not saved: no longer {Status} or the lease moved to another instance")]
    private static partial void LogLeaseLost(ILogger logger, long xid, GlobalStatus status);
}
