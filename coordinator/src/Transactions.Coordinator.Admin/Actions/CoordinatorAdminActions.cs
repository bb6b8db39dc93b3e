using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Audit;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Admin.Actions;

/// <summary>
/// The operator actions on transactions. Each one is safe to repeat, never changes a decision already written
/// (refusals say why), takes the transaction's lease before touching phase 2 so it never races a running round, and
/// is written to the audit log with the key's name, the reason, and the state before and after, refusals included.
/// </summary>
public sealed partial class CoordinatorAdminActions(
    TransactionCoordinator coordinator,
    InFlightTransactions inFlight,
    ITransactionStore store,
    IDbContextFactory<CoordinatorDbContext> contexts,
    IAuditLog audit,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<CoordinatorAdminActions> logger)
{
    /// <summary>The longest reason accepted: the same 1,024 characters as every reason of both services.</summary>
    public const int MaxReasonLength = RequestLimits.Reason;

    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>Runs a phase-2 round now (Committing or RollingBack); a finished transaction is left as it is.</summary>
    public Task<AdminActionResult> RetryNowAsync(string actor, long xid, string? reason, CancellationToken cancellationToken) =>
        RunAsync(actor, "retry", xid, null, reason, async (tx, why, ct) =>
        {
            if (NothingToDo(tx) is { } idle)
            {
                return idle;
            }

            RequirePhaseTwo(tx, "retry");
            await ExclusiveAsync(tx, () => store.AppendEventsAsync([Event(xid, null, AdminEventKinds.RetryRequested, actor, why)], ct), ct).ConfigureAwait(false);
            await coordinator.ProcessDueAsync(xid, ct).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Re-drives phase 2: clears the needs-attention flag and restarts the backoff from its first step, then runs a
    /// round now. A finished transaction is left as it is.
    /// </summary>
    public Task<AdminActionResult> RedriveAsync(string actor, long xid, string? reason, CancellationToken cancellationToken) =>
        RunAsync(actor, "redrive", xid, null, reason, async (tx, why, ct) =>
        {
            if (NothingToDo(tx) is { } idle)
            {
                return idle;
            }

            RequirePhaseTwo(tx, "re-drive");
            await ExclusiveAsync(tx, () => ResetBackoffAsync(tx, actor, why, ct), ct).ConfigureAwait(false);
            await coordinator.ProcessDueAsync(xid, ct).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    private async Task ResetBackoffAsync(GlobalTransaction tx, string actor, string why, CancellationToken ct)
    {
        var xid = tx.Xid;
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var owner = _options.InstanceId;
            var status = tx.Status;
            await db.GlobalTransactions
                .Where(g => g.Xid == xid && g.Status == status && g.LeaseOwner == owner)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.NeedsAttention, false).SetProperty(g => g.Phase2Attempts, 0), ct)
                .ConfigureAwait(false);
        }

        await store.AppendEventsAsync([Event(xid, null, AdminEventKinds.Redriven, actor, why)], ct).ConfigureAwait(false);
    }

    /// <summary>Rolls back a transaction that is still Active. Refused once commit was decided; repeated calls are no-ops.</summary>
    public Task<AdminActionResult> ForceRollbackAsync(string actor, long xid, string? reason, CancellationToken cancellationToken) =>
        RunAsync(actor, "force-rollback", xid, null, reason, async (tx, why, ct) =>
        {
            if (tx.Status is GlobalStatus.RollingBack or GlobalStatus.RolledBack)
            {
                return $"nothing to do: already {tx.Status}";
            }

            // The engine refuses anything but Active (a decision, once written, never flips) and sagas.
            await coordinator.RollbackAsync(xid, $"administrator {actor}: {why}", returnAfterDecision: true, actor: "admin:" + actor, ct).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Marks a branch resolved by hand (the operator fixed its effect outside the system), then runs a round so the
    /// transaction can finish. Only in phase 2, only on a branch still unfinished; repeated calls are no-ops.
    /// </summary>
    public Task<AdminActionResult> ResolveBranchAsync(string actor, long xid, long branchId, string? reason, CancellationToken cancellationToken) =>
        RunAsync(actor, "resolve-branch", xid, branchId, reason, async (tx, why, ct) =>
        {
            var snapshot = await store.LoadAsync(xid, ct).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
            var branch = snapshot.Branches.FirstOrDefault(b => b.BranchId == branchId) ?? throw new TransactionNotFoundException(xid, branchId);
            if (branch.Status.IsTerminal())
            {
                return $"nothing to do: the branch is already {branch.Status}";
            }

            if (tx.Kind == TransactionKind.Saga)
            {
                throw new TransactionStateException(xid, tx.Status, $"Transaction {xid} is a saga: its steps are compensated by the coordinator and cannot be resolved by hand.");
            }

            RequirePhaseTwo(tx, "resolve a branch of");
            await ExclusiveAsync(tx, () => MarkResolvedAsync(tx, branchId, actor, why, ct), ct).ConfigureAwait(false);
            await coordinator.ProcessDueAsync(xid, ct).ConfigureAwait(false);
            return null;
        }, cancellationToken);

    private async Task MarkResolvedAsync(GlobalTransaction tx, long branchId, string actor, string why, CancellationToken ct)
    {
        var xid = tx.Xid;
        var now = NowMs();
        var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var note = Clip($"resolved by hand by {actor}: {why}", 2000);
            await db.Branches
                .Where(b => b.BranchId == branchId && b.Xid == xid && (b.Status == BranchStatus.Registered || b.Status == BranchStatus.PhaseOneFailed))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.Status, BranchStatus.ManuallyResolved)
                        .SetProperty(b => b.LastError, note)
                        .SetProperty(b => b.UpdatedUnixMs, now),
                    ct)
                .ConfigureAwait(false);
        }

        await store.AppendEventsAsync([Event(xid, branchId, AdminEventKinds.BranchResolved, actor, why)], ct).ConfigureAwait(false);
    }

    /// <summary>Deletes a finished (Committed or RolledBack) transaction with its branches, steps and history.</summary>
    public Task<AdminActionResult> DeleteAsync(string actor, long xid, string? reason, CancellationToken cancellationToken) =>
        RunAsync(actor, "delete", xid, null, reason, async (tx, _, ct) =>
        {
            if (!tx.Status.IsTerminal())
            {
                throw new TransactionStateException(xid, tx.Status, $"Transaction {xid} is {tx.Status}: only finished (Committed or RolledBack) transactions can be deleted.");
            }

            var db = await contexts.CreateDbContextAsync(ct).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var local = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using (local.ConfigureAwait(false))
                {
                    // Conditional on the status, so a transaction cannot be deleted unfinished; children go by cascade.
                    await db.Branches.Where(b => b.Xid == xid && db.GlobalTransactions.Any(g => g.Xid == xid && (g.Status == GlobalStatus.Committed || g.Status == GlobalStatus.RolledBack)))
                        .ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    await db.SagaSteps.Where(s => s.Xid == xid && db.GlobalTransactions.Any(g => g.Xid == xid && (g.Status == GlobalStatus.Committed || g.Status == GlobalStatus.RolledBack)))
                        .ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    await db.Sagas.Where(s => s.Xid == xid && db.GlobalTransactions.Any(g => g.Xid == xid && (g.Status == GlobalStatus.Committed || g.Status == GlobalStatus.RolledBack)))
                        .ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    var deleted = await db.GlobalTransactions.Where(g => g.Xid == xid && (g.Status == GlobalStatus.Committed || g.Status == GlobalStatus.RolledBack))
                        .ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    if (deleted == 1)
                    {
                        await db.Events.Where(e => e.Xid == xid).ExecuteDeleteAsync(ct).ConfigureAwait(false);
                    }

                    await local.CommitAsync(ct).ConfigureAwait(false);
                }
            }

            return "deleted";
        }, cancellationToken);

    private async Task<AdminActionResult> RunAsync(
        string actor,
        string action,
        long xid,
        long? branchId,
        string? reason,
        Func<GlobalTransaction, string, CancellationToken, Task<string?>> act,
        CancellationToken cancellationToken)
    {
        // Malformed requests are answered before anything is read or written: they are not actions.
        var why = string.IsNullOrWhiteSpace(reason)
            ? throw new InvalidRequestException("reason", "is required for administrator actions.")
            : reason.Length > MaxReasonLength
                ? throw new InvalidRequestException("reason", $"must have at most {MaxReasonLength} characters.")
                : reason.Trim();
        var target = branchId is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"transaction/{xid}/branch/{b}")
            : string.Create(CultureInfo.InvariantCulture, $"transaction/{xid}");

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Xid"] = xid });
        var tx = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false);
        if (tx is null)
        {
            await AppendAsync(actor, action, target, why, null, null, "not-found").ConfigureAwait(false);
            throw new TransactionNotFoundException(xid);
        }

        var before = await StateAsync(xid, cancellationToken).ConfigureAwait(false);
        try
        {
            var said = await act(tx, why, cancellationToken).ConfigureAwait(false);
            var after = await StateAsync(xid, cancellationToken).ConfigureAwait(false);
            var status = after is null ? "Deleted" : (await store.FindAsync(xid, cancellationToken).ConfigureAwait(false))?.Status.ToString() ?? "Deleted";
            var outcome = said ?? "done";
            await AppendAsync(actor, action, target, why, before, after, outcome).ConfigureAwait(false);
            return new AdminActionResult(status, outcome);
        }
        catch (CoordinatorException ex) when (ex is TransactionStateException or TransactionNotFoundException)
        {
            await AppendAsync(actor, action, target, why, before, before, ex is TransactionNotFoundException ? "not-found" : "refused: " + ex.Message).ConfigureAwait(false);
            throw;
        }
    }

    private static string? NothingToDo(GlobalTransaction tx) =>
        tx.Status.IsTerminal() ? $"nothing to do: already {tx.Status}" : null;

    private static void RequirePhaseTwo(GlobalTransaction tx, string verb)
    {
        if (tx.Status == GlobalStatus.Active)
        {
            throw new TransactionStateException(tx.Xid, tx.Status,
                $"Cannot {verb} transaction {tx.Xid}: it is Active (no decision yet). Use force-rollback to roll it back.");
        }
    }

    private async Task LeaseAsync(GlobalTransaction tx, CancellationToken cancellationToken)
    {
        var now = NowMs();
        if (!await store.TryAcquireLeaseAsync(tx.Xid, _options.InstanceId, now, now + (long)_options.LeaseDuration.TotalMilliseconds, cancellationToken).ConfigureAwait(false))
        {
            var current = await store.FindAsync(tx.Xid, cancellationToken).ConfigureAwait(false);
            throw new TransactionStateException(tx.Xid, tx.Status,
                $"Transaction {tx.Xid} is being driven by {current?.LeaseOwner ?? "another instance"} right now; try again in a few seconds.");
        }
    }

    /// <summary>
    /// Makes <paramref name="change"/> while no phase-2 round of the transaction runs anywhere: waits (bounded) for a
    /// round this instance is running to end, then takes the lease (refused with 409 while another instance holds it).
    /// A round that was running during the change could otherwise save over it; the next round starts after it.
    /// </summary>
    private async Task ExclusiveAsync(GlobalTransaction tx, Func<Task> change, CancellationToken cancellationToken)
    {
        var waited = timeProvider.GetTimestamp();
        while (!inFlight.TryEnter(tx.Xid))
        {
            if (timeProvider.GetElapsedTime(waited) > _options.LeaseDuration)
            {
                throw new TransactionStateException(tx.Xid, tx.Status, $"Transaction {tx.Xid} is in the middle of a phase-2 round; try again in a few seconds.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await LeaseAsync(tx, cancellationToken).ConfigureAwait(false);
            await change().ConfigureAwait(false);
        }
        finally
        {
            inFlight.Exit(tx.Xid);
        }
    }

    private async Task<string?> StateAsync(long xid, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(xid, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var t = snapshot.Transaction;
        var branches = snapshot.Branches.ToDictionary(
            b => b.BranchId.ToString(CultureInfo.InvariantCulture), b => b.Status.ToString(), StringComparer.Ordinal);
        var state = new AdminTransactionState(t.Status.ToString(), t.NeedsAttention, t.Phase2Attempts, t.NextAttemptUnixMs, t.LastError, branches);
        return JsonSerializer.Serialize(state, AdminJsonContext.Default.AdminTransactionState);
    }

    private async Task AppendAsync(string actor, string action, string target, string reason, string? before, string? after, string outcome)
    {
        // The action has happened (or was refused): its record is written even if the caller has gone away.
        await audit.AppendAsync(
            new AuditRecord
            {
                AtUnixMs = NowMs(),
                Actor = actor,
                Action = action,
                Target = target,
                Reason = reason,
                Before = before,
                After = after,
                Outcome = outcome,
            },
            CancellationToken.None).ConfigureAwait(false);
        LogAction(logger, actor, action, target, outcome, reason);
    }

    private TransactionEvent Event(long xid, long? branchId, string kind, string actor, string detail) => new()
    {
        Xid = xid,
        BranchId = branchId,
        AtUnixMs = NowMs(),
        Kind = kind,
        Actor = "admin:" + actor,
        Detail = detail,
    };

    private long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Admin {Actor}: {Action} {Target} -> {Outcome} (reason: {Reason})")]
    private static partial void LogAction(ILogger logger, string actor, string action, string target, string outcome, string reason);
}
