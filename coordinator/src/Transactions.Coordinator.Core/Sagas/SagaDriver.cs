using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Participants;
using Transactions.Coordinator.Storage;
using Transactions.Protocol.Sagas;

namespace Transactions.Coordinator.Sagas;

/// <summary>
/// Drives a saga whose lease this instance holds. Forward (global status Committing): runs the first
/// unfinished group, its due steps concurrently; each call is persisted before (Running, attempt n) and after
/// (Succeeded with output, a retry time, or Failed). A step failed for good turns the saga to RollingBack
/// (failure policy Compensate). Compensation (RollingBack): groups in reverse order, every step that ran or may
/// have run (Running, Succeeded, Failed, Compensating), persisted the same way, retried with phase-2 backoff
/// until it succeeds and flagged as needing attention past the threshold. Waiting for a retry ends the round
/// (<see cref="ITransactionStore.SavePhaseTwoRoundAsync"/> releases the lease with the next attempt time), so
/// recovery on any instance picks it up, exactly like phase 2.
/// </summary>
public sealed partial class SagaDriver(
    ISagaStore sagas,
    ITransactionStore store,
    ISagaStepInvoker invoker,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<SagaDriver> logger,
    CoordinatorMetrics? metrics = null)
{
    private readonly CoordinatorOptions _options = options.Value;

    private enum Next
    {
        Stop,
        Again,
    }

    /// <summary>Runs the saga as far as it can go now. The caller holds the lease and the in-flight mark.</summary>
    /// <returns>The saga's global status afterwards.</returns>
    public async Task<GlobalStatus> RunAsync(long xid, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Xid"] = xid });
        for (var pass = 0; pass < 3; pass++)
        {
            var snapshot = await sagas.LoadSagaAsync(xid, cancellationToken).ConfigureAwait(false);
            if (snapshot is null || !snapshot.Transaction.Status.IsPhaseTwo())
            {
                return snapshot?.Transaction.Status ?? GlobalStatus.RolledBack;
            }

            var plan = SagaPlan.Create(SagaDefinitionJson.Parse(snapshot.Definition));
            var next = snapshot.Transaction.Status == GlobalStatus.Committing
                ? await ForwardAsync(snapshot, plan, cancellationToken).ConfigureAwait(false)
                : await CompensateAsync(snapshot, plan, cancellationToken).ConfigureAwait(false);
            if (next == Next.Stop)
            {
                break;
            }
        }

        var after = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false);
        return after?.Status ?? GlobalStatus.RolledBack;
    }

    private async Task<Next> ForwardAsync(SagaSnapshot snapshot, SagaPlan plan, CancellationToken cancellationToken)
    {
        var tx = snapshot.Transaction;
        var steps = snapshot.Steps.Select(s => s.Clone()).ToList();
        var compensate = plan.Definition.FailurePolicy == SagaFailurePolicy.Compensate;
        for (var g = 0; g < plan.GroupCount; g++)
        {
            var group = steps.Where(s => s.GroupIndex == g).ToList();
            if (group.All(s => s.Status == SagaStepStatus.Succeeded))
            {
                continue;
            }

            if (group.FirstOrDefault(s => s.Status == SagaStepStatus.Failed) is { } failed)
            {
                // Failed for good in an earlier round that ended before the saga turned: turn it now.
                return await StartCompensationAsync(tx, failed, cancellationToken).ConfigureAwait(false);
            }

            var now = NowMs();
            var due = group.Where(s => s.Status != SagaStepStatus.Succeeded && (s.NextRetryUnixMs is null || s.NextRetryUnixMs <= now)).ToList();
            if (due.Count == 0)
            {
                return await WaitForRetryAsync(tx, group, cancellationToken).ConfigureAwait(false);
            }

            var events = new List<TransactionEvent>();
            var previousErrors = new string?[due.Count];
            for (var i = 0; i < due.Count; i++)
            {
                var step = due[i];
                // A retry after a failure adds no start entry: the failure entry before it says when it runs again.
                previousErrors[i] = step.Attempts > 0 ? step.LastError : null;
                step.Status = SagaStepStatus.Running;
                step.Attempts++;
                step.StartedUnixMs ??= now;
                step.NextRetryUnixMs = null;
                step.UpdatedUnixMs = now;
                if (previousErrors[i] is null)
                {
                    events.Add(Event(tx.Xid, step.BranchId, now, TransactionEventKinds.SagaStepStarted, $"{step.Name}: action '{plan.Steps[step.Ordinal].Action}' attempt {step.Attempts}"));
                }
            }

            if (!await SaveAsync(tx, due, events, now + LongestCallMs(plan, due), [], cancellationToken).ConfigureAwait(false))
            {
                return Next.Stop;
            }

            var outputs = Outputs(steps);
            var results = await CallAllAsync(tx, plan, due, outputs, compensate: false, cancellationToken).ConfigureAwait(false);
            now = NowMs();
            events.Clear();
            var repeated = new List<RepeatedFailure>();
            SagaStepState? failedForGood = null;
            string? lastError = null;
            for (var i = 0; i < due.Count; i++)
            {
                var step = due[i];
                var (result, elapsedMs) = results[i];
                step.UpdatedUnixMs = now;
                if (result.Outcome == SagaCallOutcome.Succeeded)
                {
                    step.Status = SagaStepStatus.Succeeded;
                    step.Output = result.Output;
                    step.LastError = null;
                    step.FinishedUnixMs = now;
                    events.Add(Event(tx.Xid, step.BranchId, now, TransactionEventKinds.SagaStepSucceeded, $"{step.Name}: attempt {step.Attempts} succeeded in {elapsedMs:F0} ms"));
                    continue;
                }

                step.LastError = Truncate($"{step.Name}: {result.Error}");
                lastError = step.LastError;
                var retry = plan.Retry(step.Ordinal);
                if (compensate && (result.Outcome == SagaCallOutcome.Failed || step.Attempts >= retry.MaxAttempts))
                {
                    step.Status = SagaStepStatus.Failed;
                    step.FinishedUnixMs = now;
                    failedForGood ??= step;
                    events.Add(Event(tx.Xid, step.BranchId, now, TransactionEventKinds.SagaStepFailed, $"{step.Name}: attempt {step.Attempts} failed in {elapsedMs:F0} ms, for good: {result.Error}"));
                    LogStepFailed(logger, tx.Xid, step.Name, step.Attempts, result.Error);
                }
                else
                {
                    var delay = PhaseTwoBackoff.Next(step.Attempts, TimeSpan.FromMilliseconds(retry.InitialBackoffMs), TimeSpan.FromMilliseconds(retry.MaxBackoffMs), Random.Shared);
                    step.NextRetryUnixMs = now + (long)delay.TotalMilliseconds;
                    AddFailure(events, repeated, tx.Xid, step, previousErrors[i], now, $"{step.Name}: attempt {step.Attempts} failed in {elapsedMs:F0} ms, retry in {delay.TotalMilliseconds:F0} ms: {result.Error}");
                    LogStepRetry(logger, tx.Xid, step.Name, step.Attempts, result.Error);
                }
            }

            if (!await SaveAsync(tx, due, events, now + LeaseMs, repeated, cancellationToken).ConfigureAwait(false))
            {
                return Next.Stop;
            }

            if (failedForGood is not null)
            {
                return await StartCompensationAsync(tx, failedForGood, cancellationToken).ConfigureAwait(false);
            }

            if (due.Any(s => s.Status != SagaStepStatus.Succeeded))
            {
                await EndRoundAsync(tx, null, NextRetry(group), lastError, [], cancellationToken).ConfigureAwait(false);
                return Next.Stop;
            }
        }

        var done = NowMs();
        await EndRoundAsync(tx, GlobalStatus.Committed, null, null, [Event(tx.Xid, null, done, TransactionEventKinds.Committed, $"saga succeeded: {steps.Count} step(s)")], cancellationToken).ConfigureAwait(false);
        metrics?.TransactionFinished(GlobalStatus.Committed);
        LogFinished(logger, _options.TransactionLogLevel, tx.Xid, "Succeeded");
        return Next.Stop;
    }

    private async Task<Next> CompensateAsync(SagaSnapshot snapshot, SagaPlan plan, CancellationToken cancellationToken)
    {
        var tx = snapshot.Transaction;
        var steps = snapshot.Steps.Select(s => s.Clone()).ToList();
        for (var g = plan.GroupCount - 1; g >= 0; g--)
        {
            var group = steps.Where(s => s.GroupIndex == g && NeedsCompensation(s.Status)).ToList();
            if (group.Count == 0)
            {
                continue;
            }

            var now = NowMs();
            var due = group.Where(s => s.Status != SagaStepStatus.Compensating || s.NextRetryUnixMs is null || s.NextRetryUnixMs <= now).ToList();
            if (due.Count == 0)
            {
                return await WaitForRetryAsync(tx, group, cancellationToken).ConfigureAwait(false);
            }

            var events = new List<TransactionEvent>();
            var previousErrors = new string?[due.Count];
            for (var i = 0; i < due.Count; i++)
            {
                var step = due[i];
                // Only a failed compensation attempt counts (LastError may still hold the action's failure).
                previousErrors[i] = step.CompensationAttempts > 0 ? step.LastError : null;
                step.Status = SagaStepStatus.Compensating;
                step.CompensationAttempts++;
                step.NextRetryUnixMs = null;
                step.UpdatedUnixMs = now;
                if (previousErrors[i] is null)
                {
                    events.Add(Event(tx.Xid, step.BranchId, now, TransactionEventKinds.SagaStepStarted, $"{step.Name}: compensation '{CompensationName(plan, step)}' attempt {step.CompensationAttempts}"));
                }
            }

            if (!await SaveAsync(tx, due, events, now + LongestCallMs(plan, due), [], cancellationToken).ConfigureAwait(false))
            {
                return Next.Stop;
            }

            var results = await CallAllAsync(tx, plan, due, Outputs(steps), compensate: true, cancellationToken).ConfigureAwait(false);
            now = NowMs();
            events.Clear();
            var repeated = new List<RepeatedFailure>();
            string? lastError = null;
            for (var i = 0; i < due.Count; i++)
            {
                var step = due[i];
                var (result, elapsedMs) = results[i];
                step.UpdatedUnixMs = now;
                if (result.Outcome == SagaCallOutcome.Succeeded)
                {
                    step.Status = SagaStepStatus.Compensated;
                    step.FinishedUnixMs = now;
                    events.Add(Event(tx.Xid, step.BranchId, now, TransactionEventKinds.SagaStepCompensated, $"{step.Name}: compensation attempt {step.CompensationAttempts} succeeded in {elapsedMs:F0} ms"));
                    continue;
                }

                var delay = PhaseTwoBackoff.Next(step.CompensationAttempts, _options.Phase2InitialBackoff, _options.Phase2MaxBackoff, Random.Shared);
                step.NextRetryUnixMs = now + (long)delay.TotalMilliseconds;
                step.LastError = Truncate($"{step.Name} (compensation): {result.Error}");
                lastError = step.LastError;
                AddFailure(events, repeated, tx.Xid, step, previousErrors[i], now, $"{step.Name}: compensation attempt {step.CompensationAttempts} failed in {elapsedMs:F0} ms, retry in {delay.TotalMilliseconds:F0} ms: {result.Error}");
                LogCompensationRetry(logger, tx.Xid, step.Name, step.CompensationAttempts, result.Error);
            }

            if (!await SaveAsync(tx, due, events, now + LeaseMs, repeated, cancellationToken).ConfigureAwait(false))
            {
                return Next.Stop;
            }

            if (due.Any(s => s.Status != SagaStepStatus.Compensated))
            {
                await EndRoundAsync(tx, null, NextRetry(due), lastError, [], cancellationToken).ConfigureAwait(false);
                return Next.Stop;
            }
        }

        await EndRoundAsync(tx, GlobalStatus.RolledBack, null, null, [Event(tx.Xid, null, NowMs(), TransactionEventKinds.RolledBack, "saga rolled back: every step that ran was compensated")], cancellationToken).ConfigureAwait(false);
        metrics?.TransactionFinished(GlobalStatus.RolledBack);
        LogFinished(logger, _options.TransactionLogLevel, tx.Xid, "RolledBack");
        return Next.Stop;
    }

    /// <summary>Steps that ran or may have run, and are not compensated yet.</summary>
    private static bool NeedsCompensation(SagaStepStatus status) =>
        status is SagaStepStatus.Running or SagaStepStatus.Succeeded or SagaStepStatus.Failed or SagaStepStatus.Compensating;

    private async Task<Next> StartCompensationAsync(GlobalTransaction tx, SagaStepState failed, CancellationToken cancellationToken)
    {
        var now = NowMs();
        var reason = Truncate($"step '{failed.Name}' failed: {failed.LastError}", RequestLimits.Reason);
        var transition = new GlobalTransition(tx.Xid, GlobalStatus.Committing, GlobalStatus.RollingBack, now)
        {
            RollbackReason = reason,
            LeaseOwner = _options.InstanceId,
            LeaseExpiresUnixMs = now + LeaseMs,
            NextAttemptUnixMs = now + LeaseMs,
        };
        if (!await store.TryTransitionAsync(transition, [Event(tx.Xid, null, now, TransactionEventKinds.SagaCompensating, reason)], cancellationToken).ConfigureAwait(false))
        {
            return Next.Stop;
        }

        LogCompensating(logger, tx.Xid, reason);
        return Next.Again;
    }

    private async Task<(SagaCallResult Result, double ElapsedMs)[]> CallAllAsync(
        GlobalTransaction tx, SagaPlan plan, List<SagaStepState> due, IReadOnlyDictionary<string, string> outputs, bool compensate, CancellationToken cancellationToken)
    {
        var tasks = new Task<(SagaCallResult, double)>[due.Count];
        for (var i = 0; i < due.Count; i++)
        {
            var step = due[i];
            var definition = plan.Steps[step.Ordinal];
            var participant = definition.Participant!;
            var call = new SagaStepCall(
                tx.Xid,
                step.BranchId,
                participant.Endpoint!,
                participant.Protocol == SagaTransport.HttpJson ? ParticipantProtocol.HttpJson : ParticipantProtocol.Grpc,
                participant.ResourceId ?? new Uri(participant.Endpoint!).Host,
                step.Name,
                compensate ? CompensationName(plan, step) : definition.Action!,
                definition.Input,
                outputs,
                compensate ? step.CompensationAttempts : step.Attempts,
                compensate);
            tasks[i] = TimedAsync(call, plan.Timeout(step.Ordinal), cancellationToken);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<(SagaCallResult, double)> TimedAsync(SagaStepCall call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var result = await invoker.InvokeAsync(call, timeout, cancellationToken).ConfigureAwait(false);
        return (result, timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// A retry's failure: the same error as the step's previous failure extends that failure's history entry (one more
    /// repeat, last time), so a step failing for days keeps one entry; another error adds an entry.
    /// </summary>
    private void AddFailure(List<TransactionEvent> events, List<RepeatedFailure> repeated, long xid, SagaStepState step, string? previousError, long now, string detail)
    {
        if (string.Equals(previousError, step.LastError, StringComparison.Ordinal))
        {
            repeated.Add(new RepeatedFailure(step.BranchId, now));
        }
        else
        {
            events.Add(Event(xid, step.BranchId, now, TransactionEventKinds.SagaStepFailed, detail));
        }
    }

    private async Task<bool> SaveAsync(GlobalTransaction tx, IReadOnlyList<SagaStepState> steps, IReadOnlyList<TransactionEvent> events, long leaseExpires, IReadOnlyList<RepeatedFailure> repeated, CancellationToken cancellationToken)
    {
        var write = new SagaStepsWrite(tx.Xid, tx.Status, _options.InstanceId, NowMs(), leaseExpires) { Steps = [.. steps], Events = [.. events], RepeatedFailures = repeated };
        if (await sagas.SaveStepsAsync(write, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        LogLeaseLost(logger, tx.Xid, tx.Status);
        return false;
    }

    /// <summary>Ends this instance's turn: completes the saga, or schedules the next round and releases the lease.</summary>
    private async Task EndRoundAsync(GlobalTransaction tx, GlobalStatus? completeAs, long? nextAttempt, string? lastError, List<TransactionEvent> events, CancellationToken cancellationToken)
    {
        var now = NowMs();
        var rounds = tx.Phase2Attempts + 1;
        var needsAttention = completeAs is null && (tx.NeedsAttention || rounds >= _options.NeedsAttentionAfterRounds);
        if (needsAttention && !tx.NeedsAttention)
        {
            events.Add(Event(tx.Xid, null, now, TransactionEventKinds.NeedsAttention, $"saga still unfinished after {rounds} rounds: {lastError}"));
            LogNeedsAttention(logger, tx.Xid, tx.Status, rounds, lastError);
        }

        var round = new PhaseTwoRound(tx.Xid, tx.Status, _options.InstanceId, now)
        {
            CompleteAs = completeAs,
            Phase2Attempts = rounds,
            NextAttemptUnixMs = nextAttempt ?? now,
            LastError = lastError,
            NeedsAttention = needsAttention,
            Events = events,
        };
        if (!await store.SavePhaseTwoRoundAsync(round, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseLost(logger, tx.Xid, tx.Status);
        }
    }

    /// <summary>Nothing is due yet: ends the round, due again at the group's earliest retry.</summary>
    private async Task<Next> WaitForRetryAsync(GlobalTransaction tx, List<SagaStepState> group, CancellationToken cancellationToken)
    {
        await EndRoundAsync(tx, null, NextRetry(group), group.Select(s => s.LastError).FirstOrDefault(e => e is not null), [], cancellationToken).ConfigureAwait(false);
        return Next.Stop;
    }

    private static long? NextRetry(IEnumerable<SagaStepState> steps) =>
        steps.Where(s => s.NextRetryUnixMs is not null).Select(s => s.NextRetryUnixMs).Min();

    private static Dictionary<string, string> Outputs(IEnumerable<SagaStepState> steps) =>
        steps.Where(s => s.Output is not null).ToDictionary(s => s.Name, s => s.Output!, StringComparer.Ordinal);

    private static string CompensationName(SagaPlan plan, SagaStepState step) =>
        plan.Steps[step.Ordinal].Compensation ?? plan.Steps[step.Ordinal].Action!;

    private long LongestCallMs(SagaPlan plan, IEnumerable<SagaStepState> steps) =>
        (long)steps.Max(s => plan.Timeout(s.Ordinal)).TotalMilliseconds + LeaseMs;

    private long LeaseMs => (long)_options.LeaseDuration.TotalMilliseconds;

    private long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Truncate(string value, int max = 4000) => value.Length <= max ? value : value[..max];

    private TransactionEvent Event(long xid, long? branchId, long at, string kind, string? detail) => new()
    {
        Xid = xid,
        BranchId = branchId,
        AtUnixMs = at,
        Kind = kind,
        Actor = _options.InstanceId,
        Detail = detail,
    };

    [LoggerMessage(EventId = 500, Message = "xid {Xid}: saga finished as {Outcome}")]
    private static partial void LogFinished(ILogger logger, LogLevel level, long xid, string outcome);

    [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "xid {Xid}: saga step {Step} attempt {Attempt} failed for good: {Error}")]
    private static partial void LogStepFailed(ILogger logger, long xid, string step, int attempt, string? error);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "xid {Xid}: saga step {Step} attempt {Attempt} failed; will retry: {Error}")]
    private static partial void LogStepRetry(ILogger logger, long xid, string step, int attempt, string? error);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "xid {Xid}: saga compensating ({Reason})")]
    private static partial void LogCompensating(ILogger logger, long xid, string reason);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "xid {Xid}: compensation of step {Step} attempt {Attempt} failed; will retry: {Error}")]
    private static partial void LogCompensationRetry(ILogger logger, long xid, string step, int attempt, string? error);

    [LoggerMessage(EventId = 505, Level = LogLevel.Error, Message = "xid {Xid}: NEEDS ATTENTION, saga {Status} still unfinished after {Rounds} rounds; retrying at the capped interval. Last error: {LastError}")]
    private static partial void LogNeedsAttention(ILogger logger, long xid, GlobalStatus status, int rounds, string? lastError);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "xid {Xid}: saga write not saved: no longer {Status} or the lease moved to another instance")]
    private static partial void LogLeaseLost(ILogger logger, long xid, GlobalStatus status);
}
