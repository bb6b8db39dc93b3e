using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Storage;
using Transactions.Protocol.Sagas;

namespace Transactions.Coordinator.Sagas;

/// <summary>
/// Saga entry points: submit (validated, idempotent, persisted leased to this instance, then driven in the
/// background) and read (optionally waiting for the outcome). Driving is <see cref="SagaDriver"/>'s; recovery
/// resumes sagas through <see cref="TransactionCoordinator.ProcessDueAsync"/> like any transaction.
/// </summary>
public sealed partial class SagaCoordinator(
    ISagaStore sagas,
    ITransactionStore store,
    IIdGenerator ids,
    SagaDriver driver,
    InFlightTransactions inFlight,
    IOptions<CoordinatorOptions> options,
    TimeProvider timeProvider,
    ILogger<SagaCoordinator> logger)
{
    /// <summary>Longest wait a caller may ask for.</summary>
    public const int MaxWaitMs = 60_000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly CoordinatorOptions _options = options.Value;

    /// <summary>Validates and persists a saga, starts it, and optionally waits for its outcome.</summary>
    /// <exception cref="InvalidRequestException">Invalid definition, key or wait.</exception>
    public async Task<SubmitSagaResult> SubmitAsync(SubmitSagaCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        SagaDefinition definition;
        try
        {
            definition = SagaDefinitionJson.Parse(command.DefinitionJson ?? string.Empty);
        }
        catch (SagaDefinitionException ex)
        {
            throw new InvalidRequestException("definition_json", ex.Message);
        }

        var key = Optional(command.IdempotencyKey, "idempotency_key");
        var app = Optional(command.ApplicationId, "application_id");
        CheckWait(command.WaitMs, "wait_ms");

        var now = NowMs();
        var leaseMs = (long)_options.LeaseDuration.TotalMilliseconds;
        var plan = SagaPlan.Create(definition);
        var tx = new GlobalTransaction
        {
            Xid = ids.NextId(),
            Kind = TransactionKind.Saga,
            Name = definition.Name!,
            ApplicationId = app,
            IdempotencyKey = key,
            Status = GlobalStatus.Committing,
            CreatedUnixMs = now,
            UpdatedUnixMs = now,
            DeadlineUnixMs = now,
            BranchCount = plan.Steps.Count,
            NextAttemptUnixMs = now + leaseMs,
            LeaseOwner = _options.InstanceId,
            LeaseExpiresUnixMs = now + leaseMs,
        };
        var steps = new List<SagaStepState>(plan.Steps.Count);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            steps.Add(new SagaStepState
            {
                Xid = tx.Xid,
                Ordinal = i,
                GroupIndex = plan.Groups[i],
                Name = plan.Steps[i].Name!,
                BranchId = ids.NextId(),
                Status = SagaStepStatus.Pending,
                UpdatedUnixMs = now,
            });
        }

        var submitted = new TransactionEvent
        {
            Xid = tx.Xid,
            AtUnixMs = now,
            Kind = TransactionEventKinds.SagaSubmitted,
            Actor = app ?? "tm",
            Detail = $"{definition.Name}: {plan.Steps.Count} step(s) in {plan.GroupCount} group(s), on failure {definition.FailurePolicy}",
        };
        var record = new SagaRecord { Xid = tx.Xid, Definition = SagaDefinitionJson.Serialize(definition) };
        var outcome = await sagas.SubmitAsync(tx, record, steps, submitted, cancellationToken).ConfigureAwait(false);
        var xid = outcome.Transaction.Xid;
        CoordinatorDiagnostics.TagCurrent(xid);
        if (outcome.Created)
        {
            LogSubmitted(logger, _options.TransactionLogLevel, xid, definition.Name!, plan.Steps.Count);
            StartInBackground(xid);
        }
        else
        {
            if (outcome.Transaction.Kind != TransactionKind.Saga)
            {
                throw new InvalidRequestException("idempotency_key", $"is already used by global transaction {xid}, which is not a saga.");
            }

            LogSubmitReplayed(logger, xid, key);
        }

        var status = command.WaitMs > 0
            ? await WaitAsync(xid, command.WaitMs, cancellationToken).ConfigureAwait(false)
            : outcome.Transaction.Status;
        return new SubmitSagaResult(xid, status, !outcome.Created);
    }

    /// <summary>The saga with its steps and history, after waiting up to <paramref name="waitMs"/> for it to finish.</summary>
    /// <exception cref="TransactionNotFoundException">No saga has that xid.</exception>
    public async Task<SagaView> GetAsync(long xid, int waitMs, CancellationToken cancellationToken)
    {
        CheckWait(waitMs, "wait_ms");
        if (waitMs > 0)
        {
            await WaitAsync(xid, waitMs, cancellationToken).ConfigureAwait(false);
        }

        var saga = await sagas.LoadSagaAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
        var history = await store.GetEventsAsync(xid, cancellationToken).ConfigureAwait(false);
        return new SagaView(saga, history);
    }

    private async Task<GlobalStatus> WaitAsync(long xid, int waitMs, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            var tx = await store.FindAsync(xid, cancellationToken).ConfigureAwait(false) ?? throw new TransactionNotFoundException(xid);
            if (tx.Status.IsTerminal() || timeProvider.GetElapsedTime(started).TotalMilliseconds >= waitMs)
            {
                return tx.Status;
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private void StartInBackground(long xid) =>
        _ = Task.Run(async () =>
        {
            if (!inFlight.TryEnter(xid))
            {
                return;
            }

            try
            {
                await driver.RunAsync(xid, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Not lost: the lease expires and recovery resumes the saga.
                LogBackgroundFailed(logger, xid, ex);
            }
            finally
            {
                inFlight.Exit(xid);
            }
        });

    private static void CheckWait(int waitMs, string field)
    {
        if (waitMs is < 0 or > MaxWaitMs)
        {
            throw new InvalidRequestException(field, $"must be between 0 and {MaxWaitMs}.");
        }
    }

    private static string? Optional(string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length > RequestLimits.Key ? throw new InvalidRequestException(field, $"must be at most {RequestLimits.Key} characters.") : value;
    }

    private long NowMs() => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(EventId = 510, Message = "xid {Xid}: saga '{Name}' submitted with {Steps} step(s)")]
    private static partial void LogSubmitted(ILogger logger, LogLevel level, long xid, string name, int steps);

    [LoggerMessage(EventId = 511, Level = LogLevel.Information, Message = "xid {Xid}: SubmitSaga replayed for idempotency key {IdempotencyKey}")]
    private static partial void LogSubmitReplayed(ILogger logger, long xid, string? idempotencyKey);

    [LoggerMessage(EventId = 512, Level = LogLevel.Error, Message = "xid {Xid}: background saga run failed; recovery will resume it")]
    private static partial void LogBackgroundFailed(ILogger logger, long xid, Exception exception);
}
