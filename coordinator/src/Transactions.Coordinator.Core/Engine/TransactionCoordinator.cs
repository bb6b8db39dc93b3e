using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Sagas;
using Transactions.Coordinator.Storage;

namespace Transactions.Coordinator.Engine;

/// <summary>
/// The transaction coordinator's engine: Begin, branch registration and reports, the commit or
/// rollback decision (persisted before it takes effect, never flipped), and phase 2. Transport-free:
/// the gRPC services and the admin API call it.
/// </summary>
public sealed partial class TransactionCoordinator(
    ITransactionStore store,
    IIdGenerator ids,
    PhaseTwoDriver driver,
    SagaDriver sagaDriver,
    InFlightTransactions inFlight,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<TransactionCoordinator> logger)
{
    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>Begins a global transaction (idempotent with a key).</summary>
    public async Task<BeginResult> BeginAsync(BeginCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = Required(command.Name, "name", RequestLimits.Name);
        var key = Optional(command.IdempotencyKey, "idempotency_key", RequestLimits.Key);
        var app = Optional(command.ApplicationId, "application_id", RequestLimits.Key);
        if (command.TimeoutMs < 0)
        {
            throw new InvalidRequestException("timeout_ms", "must not be negative.");
        }

        var timeout = command.TimeoutMs == 0 ? _options.DefaultTimeout : TimeSpan.FromMilliseconds(command.TimeoutMs);
        if (timeout > _options.MaxTimeout)
        {
            throw new InvalidRequestException("timeout_ms", $"must be at most {(long)_options.MaxTimeout.TotalMilliseconds} ms.");
        }

        var now = NowMs();
        var tx = new GlobalTransaction
        {
            Xid = ids.NextId(),
            Name = name,
            ApplicationId = app,
            IdempotencyKey = key,
            Status = GlobalStatus.Active,
            TimeoutMs = (int)timeout.TotalMilliseconds,
            CreatedUnixMs = now,
            UpdatedUnixMs = now,
            DeadlineUnixMs = now + (long)timeout.TotalMilliseconds,
            NextAttemptUnixMs = now + (long)timeout.TotalMilliseconds,
        };
        var outcome = await store.BeginAsync(tx, Event(tx.Xid, null, now, TransactionEventKinds.Begun, app ?? "tm", $"{name}, timeout {tx.TimeoutMs} ms"), cancellationToken).ConfigureAwait(false);
        CoordinatorDiagnostics.TagCurrent(outcome.Transaction.Xid);
        if (outcome.Created)
        {
            LogBegun(logger, _options.TransactionLogLevel, tx.Xid, name, tx.TimeoutMs);
        }
        else
        {
            LogBeginReplayed(logger, outcome.Transaction.Xid, key);
        }

        return new BeginResult(outcome.Transaction, !outcome.Created);
    }

    /// <summary>
    /// Registers a branch; only while the transaction is Active. A repeated registration with the same idempotency
    /// key answers the branch id of the first, whatever the transaction's status by then.
    /// </summary>
    public async Task<long> RegisterBranchAsync(RegisterBranchCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        CoordinatorDiagnostics.TagCurrent(command.Xid);
        var resource = Required(command.ResourceId, "resource_id", RequestLimits.Resource);
        var action = Required(command.ActionName, "action_name", RequestLimits.Resource);
        var endpoint = Required(command.Endpoint, "participant_endpoint", RequestLimits.Endpoint);
        var key = Optional(command.IdempotencyKey, "idempotency_key", RequestLimits.Key);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidRequestException("participant_endpoint", "must be an absolute http:// or https:// URL.");
        }

        if (!Enum.IsDefined(command.BranchType))
        {
            throw new InvalidRequestException("branch_type", "must be TCC or SAGA.");
        }

        if (!Enum.IsDefined(command.Protocol))
        {
            throw new InvalidRequestException("protocol", "must be GRPC or HTTP_JSON.");
        }

        if (command.ActionContext is { Length: > RequestLimits.ActionContext })
        {
            throw new InvalidRequestException("action_context", $"must be at most {RequestLimits.ActionContext} characters.");
        }

        var now = NowMs();
        var branch = new BranchTransaction
        {
            BranchId = ids.NextId(),
            Xid = command.Xid,
            ResourceId = resource,
            ActionName = action,
            BranchType = command.BranchType,
            Endpoint = endpoint,
            Protocol = command.Protocol,
            ActionContext = command.ActionContext,
            IdempotencyKey = key,
            Status = BranchStatus.Registered,
            CreatedUnixMs = now,
            UpdatedUnixMs = now,
        };
        var outcome = await store.RegisterBranchAsync(branch, Event(command.Xid, branch.BranchId, now, TransactionEventKinds.BranchRegistered, resource, $"{resource}/{action} at {endpoint}"), cancellationToken).ConfigureAwait(false);
        if (!outcome.Found)
        {
            throw new TransactionNotFoundException(command.Xid);
        }

        if (!outcome.Registered)
        {
            throw new TransactionStateException(command.Xid, outcome.GlobalStatus, $"Global transaction {command.Xid} is {outcome.GlobalStatus}, not Active: no branch can register.");
        }

        CoordinatorDiagnostics.TagCurrent(command.Xid, outcome.BranchId);
        if (outcome.Replayed)
        {
            LogRegistrationReplayed(logger, command.Xid, outcome.BranchId, key);
        }
        else
        {
            LogBranchRegistered(logger, command.Xid, outcome.BranchId, resource, action);
        }

        return outcome.BranchId;
    }

    /// <summary>
    /// Records a participant's phase-1 result. A failure decides rollback at once (when still Active)
    /// and cancels the branches in the background.
    /// </summary>
    public async Task<GlobalStatus> ReportBranchAsync(long xid, long branchId, bool failed, string? error, CancellationToken cancellationToken)
    {
        CoordinatorDiagnostics.TagCurrent(xid, branchId);
        error = error is { Length: > RequestLimits.Error } ? error[..RequestLimits.Error] : error;
        var now = NowMs();
        if (!failed)
        {
            var tx = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
            await store.AppendEventsAsync([Event(xid, branchId, now, TransactionEventKinds.BranchReported, "participant", "phase one done")], cancellationToken).ConfigureAwait(false);
            return tx.Status;
        }

        if (!await store.MarkBranchPhaseOneFailedAsync(xid, branchId, error, Event(xid, branchId, now, TransactionEventKinds.BranchReported, "participant", $"phase one failed: {error}"), cancellationToken).ConfigureAwait(false))
        {
            throw new TransactionNotFoundException(xid, branchId);
        }

        LogBranchFailed(logger, xid, branchId, error);
        var reason = $"branch {branchId} failed its Try: {error}";
        if (await DecideAsync(xid, GlobalStatus.RollingBack, reason, "participant", cancellationToken).ConfigureAwait(false))
        {
            StartRoundInBackground(xid);
            return GlobalStatus.RollingBack;
        }

        var current = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
        return current.Status;
    }

    /// <summary>
    /// Commits: persists the decision (Committing), then confirms every branch. Waits for phase 2
    /// unless <paramref name="returnAfterDecision"/>; returns Committed, or Committing when phase 2 is
    /// still being retried. Repeating a commit is safe. Refused once rollback was decided.
    /// </summary>
    public Task<GlobalStatus> CommitAsync(long xid, bool returnAfterDecision, string? actor, CancellationToken cancellationToken) =>
        EndAsync(xid, GlobalStatus.Committing, reason: null, returnAfterDecision, actor ?? "tm", cancellationToken);

    /// <summary>
    /// Rolls back: persists the decision (RollingBack), then cancels branches in reverse order. Waits for
    /// phase 2 unless <paramref name="returnAfterDecision"/>. Repeating is safe. Refused once commit was decided.
    /// </summary>
    public Task<GlobalStatus> RollbackAsync(long xid, string? reason, bool returnAfterDecision, string? actor, CancellationToken cancellationToken)
    {
        var why = Optional(reason, "reason", RequestLimits.Reason) ?? "rollback requested";
        return EndAsync(xid, GlobalStatus.RollingBack, why, returnAfterDecision, actor ?? "tm", cancellationToken);
    }

    /// <summary>The transaction with its branches.</summary>
    public async Task<TransactionSnapshot> GetAsync(long xid, CancellationToken cancellationToken) =>
        await store.LoadAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);

    /// <summary>
    /// Recovery: does what a claimed transaction needs now: rolls back an Active one past its deadline,
    /// runs a phase-2 round on a Committing or RollingBack one.
    /// </summary>
    public async Task ProcessDueAsync(long xid, CancellationToken cancellationToken)
    {
        if (!inFlight.TryEnter(xid))
        {
            return;
        }

        try
        {
            var snapshot = await store.LoadAsync(xid, cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                return;
            }

            var tx = snapshot.Transaction;
            if (tx.Kind == TransactionKind.Saga)
            {
                if (tx.Status.IsPhaseTwo())
                {
                    LogRecovering(logger, xid, tx.Status, tx.Phase2Attempts);
                    await sagaDriver.RunAsync(xid, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (tx.Status == GlobalStatus.Active)
            {
                if (tx.DeadlineUnixMs > NowMs())
                {
                    return;
                }

                LogTimedOut(logger, xid, tx.TimeoutMs);
                if (!await DecideAsync(xid, GlobalStatus.RollingBack, $"timed out: not committed within {tx.TimeoutMs} ms", _options.InstanceId, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                snapshot = await store.LoadAsync(xid, cancellationToken).ConfigureAwait(false);
                if (snapshot is null)
                {
                    return;
                }
            }
            else if (tx.Status.IsPhaseTwo())
            {
                LogRecovering(logger, xid, tx.Status, tx.Phase2Attempts);
            }

            await driver.RunRoundAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Exit(xid);
        }
    }

    private async Task<GlobalStatus> EndAsync(long xid, GlobalStatus decision, string? reason, bool returnAfterDecision, string actor, CancellationToken cancellationToken)
    {
        CoordinatorDiagnostics.TagCurrent(xid);
        if (await DecideAsync(xid, decision, reason, actor, cancellationToken).ConfigureAwait(false))
        {
            if (returnAfterDecision)
            {
                StartRoundInBackground(xid);
                return decision;
            }

            return await DriveAsync(xid, cancellationToken).ConfigureAwait(false) ?? decision;
        }

        var tx = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
        if (tx.Kind == TransactionKind.Saga)
        {
            throw new TransactionStateException(xid, tx.Status, $"Global transaction {xid} is a saga ({tx.Status}): the coordinator drives it; Commit and Rollback do not apply.");
        }

        var wanted = decision == GlobalStatus.Committing ? GlobalStatus.Committed : GlobalStatus.RolledBack;
        if (tx.Status == wanted)
        {
            return tx.Status;
        }

        if (tx.Status == decision)
        {
            // Repeated request while phase 2 runs: help it along if nobody else is driving it.
            if (returnAfterDecision || !await store.TryAcquireLeaseAsync(xid, _options.InstanceId, NowMs(), NowMs() + LeaseMs, cancellationToken).ConfigureAwait(false))
            {
                return tx.Status;
            }

            return await DriveAsync(xid, cancellationToken).ConfigureAwait(false) ?? tx.Status;
        }

        var verb = decision == GlobalStatus.Committing ? "commit" : "roll back";
        throw new TransactionStateException(xid, tx.Status, tx.Status == GlobalStatus.Active
            ? $"Global transaction {xid} changed while deciding; retry."
            : $"Cannot {verb} global transaction {xid}: its decision is already {tx.Status}{(tx.RollbackReason is null ? string.Empty : $" ({tx.RollbackReason})")}.");
    }

    /// <summary>Active to <paramref name="decision"/>, leased to this instance. True when this call decided.</summary>
    private async Task<bool> DecideAsync(long xid, GlobalStatus decision, string? reason, string actor, CancellationToken cancellationToken)
    {
        var now = NowMs();
        var transition = new GlobalTransition(xid, GlobalStatus.Active, decision, now)
        {
            RollbackReason = reason,
            LeaseOwner = _options.InstanceId,
            LeaseExpiresUnixMs = now + LeaseMs,
            NextAttemptUnixMs = now + LeaseMs,
        };
        var kind = decision == GlobalStatus.Committing ? TransactionEventKinds.CommitDecided : TransactionEventKinds.RollbackDecided;
        var decided = await store.TryTransitionAsync(transition, [Event(xid, null, now, kind, actor, reason)], cancellationToken).ConfigureAwait(false);
        if (decided)
        {
            LogDecided(logger, _options.TransactionLogLevel, xid, decision, reason);
        }

        return decided;
    }

    /// <summary>Runs one round now, unless this instance is already driving the transaction. Null when skipped.</summary>
    private async Task<GlobalStatus?> DriveAsync(long xid, CancellationToken cancellationToken)
    {
        if (!inFlight.TryEnter(xid))
        {
            return null;
        }

        try
        {
            var snapshot = await store.LoadAsync(xid, cancellationToken).ConfigureAwait(false);
            return snapshot is null ? null : await driver.RunRoundAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Exit(xid);
        }
    }

    private void StartRoundInBackground(long xid) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await DriveAsync(xid, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not lost: the lease expires and recovery runs the round again.
                LogBackgroundRoundFailed(logger, xid, ex);
            }
        });

    private long LeaseMs => (long)_options.LeaseDuration.TotalMilliseconds;

    private long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static TransactionEvent Event(long xid, long? branchId, long at, string kind, string actor, string? detail) => new()
    {
        Xid = xid,
        BranchId = branchId,
        AtUnixMs = at,
        Kind = kind,
        Actor = actor,
        Detail = detail,
    };

    private static string Required(string? value, string field, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidRequestException(field, "is required.");
        }

        return value.Length > max ? throw new InvalidRequestException(field, $"must be at most {max} characters.") : value;
    }

    private static string? Optional(string? value, string field, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > max ? throw new InvalidRequestException(field, $"must be at most {max} characters.") : value;
    }

    [LoggerMessage(EventId = 1, Message = "xid {Xid}: begun '{Name}' with timeout {TimeoutMs} ms")]
    private static partial void LogBegun(ILogger logger, LogLevel level, long xid, string name, int timeoutMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "xid {Xid}: Begin replayed for idempotency key {IdempotencyKey}")]
    private static partial void LogBeginReplayed(ILogger logger, long xid, string? idempotencyKey);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "xid {Xid}: branch {BranchId} registered for {ResourceId}/{ActionName}")]
    private static partial void LogBranchRegistered(ILogger logger, long xid, long branchId, string resourceId, string actionName);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "xid {Xid}: RegisterBranch replayed for idempotency key {IdempotencyKey}: branch {BranchId}")]
    private static partial void LogRegistrationReplayed(ILogger logger, long xid, long branchId, string? idempotencyKey);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "xid {Xid}: branch {BranchId} reported its Try failed: {Error}")]
    private static partial void LogBranchFailed(ILogger logger, long xid, long branchId, string? error);

    [LoggerMessage(EventId = 5, Message = "xid {Xid}: decided {Decision} ({Reason})")]
    private static partial void LogDecided(ILogger logger, LogLevel level, long xid, GlobalStatus decision, string? reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "xid {Xid}: timed out after {TimeoutMs} ms while Active; rolling back")]
    private static partial void LogTimedOut(ILogger logger, long xid, int timeoutMs);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "xid {Xid}: recovery resumes {Status} after {Rounds} round(s)")]
    private static partial void LogRecovering(ILogger logger, long xid, GlobalStatus status, int rounds);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "xid {Xid}: background phase-2 round failed; recovery will retry it")]
    private static partial void LogBackgroundRoundFailed(ILogger logger, long xid, Exception exception);
}
