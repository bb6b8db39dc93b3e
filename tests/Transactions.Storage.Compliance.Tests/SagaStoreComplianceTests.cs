using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;
using Transactions.Storage.Compliance.Tests.Infrastructure;
using Xunit;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The saga store's compliance suite (<see cref="ISagaStore"/>), in the shape of <see cref="StorageComplianceTests{TFixture}"/>:
/// exercised through the interfaces only, each provider's class names its fixture, every test starts from empty tables.
/// </summary>
/// <typeparam name="TFixture">The provider's database fixture.</typeparam>
public abstract class SagaStoreComplianceTests<TFixture>(TFixture fixture) : ComplianceSuite<TFixture>(fixture)
    where TFixture : StorageFixture
{
    private const string Definition = """{"name":"place-order","steps":[{"name":"reserve"},{"name":"charge"}]}""";

    private ISagaStore Sagas => Fixture.Sagas;

    private ITransactionStore Store => Fixture.Store;

    [ComplianceFact]
    public async Task SubmitAsync_NewSaga_IsLoadedWithItsDefinitionStepsAndEvent()
    {
        var (tx, steps) = NewSaga(key: "order-1");

        var outcome = await Sagas.SubmitAsync(tx, new SagaRecord { Xid = tx.Xid, Definition = Definition }, steps, Submitted(tx.Xid), default);
        var loaded = await Sagas.LoadSagaAsync(tx.Xid, default);

        Assert.True(outcome.Created);
        Assert.Equal(tx.Xid, outcome.Transaction.Xid);
        Assert.NotNull(loaded);
        Assert.Equal(Definition, loaded.Definition);
        Assert.Equal(TransactionKind.Saga, loaded.Transaction.Kind);
        Assert.Equal(GlobalStatus.Committing, loaded.Transaction.Status);
        Assert.Equal(Owner, loaded.Transaction.LeaseOwner);
        Assert.Equal(T0 + LeaseMs, loaded.Transaction.LeaseExpiresUnixMs);
        Assert.Equal(2, loaded.Transaction.BranchCount);
        Assert.Equal([0, 1], loaded.Steps.Select(s => s.Ordinal));
        Assert.Equal(["reserve", "charge"], loaded.Steps.Select(s => s.Name));
        Assert.Equal([0, 1], loaded.Steps.Select(s => s.GroupIndex));
        Assert.Equal(steps.Select(s => s.BranchId), loaded.Steps.Select(s => s.BranchId));
        Assert.All(loaded.Steps, s =>
        {
            Assert.Equal(SagaStepStatus.Pending, s.Status);
            Assert.Equal(0, s.Attempts);
            Assert.Null(s.Output);
            Assert.Null(s.LastError);
        });
        Assert.Equal([TransactionEventKinds.SagaSubmitted], (await Store.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task SubmitAsync_SameApplicationAndIdempotencyKey_ReturnsTheFirstAndWritesNothing()
    {
        var (first, firstSteps) = NewSaga(key: "order-2");
        await Sagas.SubmitAsync(first, new SagaRecord { Xid = first.Xid, Definition = Definition }, firstSteps, Submitted(first.Xid), default);
        var (second, secondSteps) = NewSaga(key: "order-2");

        var outcome = await Sagas.SubmitAsync(second, new SagaRecord { Xid = second.Xid, Definition = """{"name":"other"}""" }, secondSteps, Submitted(second.Xid), default);

        Assert.False(outcome.Created);
        Assert.Equal(first.Xid, outcome.Transaction.Xid);
        Assert.Null(await Sagas.LoadSagaAsync(second.Xid, default));
        Assert.Null(await Store.FindAsync(second.Xid, default));
        Assert.Empty(await Store.GetEventsAsync(second.Xid, default));
        Assert.Equal(Definition, (await Sagas.LoadSagaAsync(first.Xid, default))!.Definition);
    }

    [ComplianceFact]
    public async Task SubmitAsync_SameKeyOfAnotherApplication_IsAnotherSaga()
    {
        var (first, firstSteps) = NewSaga(key: "order-3", app: "orders");
        var (second, secondSteps) = NewSaga(key: "order-3", app: "billing");

        Assert.True((await Sagas.SubmitAsync(first, new SagaRecord { Xid = first.Xid, Definition = Definition }, firstSteps, Submitted(first.Xid), default)).Created);
        Assert.True((await Sagas.SubmitAsync(second, new SagaRecord { Xid = second.Xid, Definition = Definition }, secondSteps, Submitted(second.Xid), default)).Created);
    }

    [ComplianceFact]
    public async Task LoadSagaAsync_UnknownXidOrATccTransaction_ReturnsNull()
    {
        var tcc = new GlobalTransaction
        {
            Xid = NextId(), Name = "tcc", Status = GlobalStatus.Active, TimeoutMs = 60_000,
            CreatedUnixMs = T0, UpdatedUnixMs = T0, DeadlineUnixMs = T0 + 60_000, NextAttemptUnixMs = T0 + 60_000,
        };
        await Store.BeginAsync(tcc, Event(tcc.Xid, TransactionEventKinds.Begun, T0), default);

        Assert.Null(await Sagas.LoadSagaAsync(NextId(), default));
        Assert.Null(await Sagas.LoadSagaAsync(tcc.Xid, default));
    }

    [ComplianceFact]
    public async Task SaveStepsAsync_ByTheLeaseOwnerInTheExpectedStatus_WritesStepsAndEventsAndRenewsTheLease()
    {
        var (tx, steps) = await SubmitAsync();
        var started = steps[0].Clone();
        started.Status = SagaStepStatus.Succeeded;
        started.Attempts = 1;
        started.Output = "reservation-7";
        started.StartedUnixMs = T0 + 10;
        started.FinishedUnixMs = T0 + 20;
        started.UpdatedUnixMs = T0 + 20;

        var saved = await Sagas.SaveStepsAsync(
            new SagaStepsWrite(tx.Xid, GlobalStatus.Committing, Owner, T0 + 20, T0 + 20 + LeaseMs)
            {
                Steps = [started],
                Events = [Event(tx.Xid, TransactionEventKinds.SagaStepSucceeded, T0 + 20, started.BranchId, "reserve")],
            },
            default);
        var loaded = await Sagas.LoadSagaAsync(tx.Xid, default);

        Assert.True(saved);
        var step = loaded!.Steps.Single(s => s.Ordinal == 0);
        Assert.Equal(SagaStepStatus.Succeeded, step.Status);
        Assert.Equal(1, step.Attempts);
        Assert.Equal("reservation-7", step.Output);
        Assert.Equal(T0 + 10, step.StartedUnixMs);
        Assert.Equal(T0 + 20, step.FinishedUnixMs);
        Assert.Equal(SagaStepStatus.Pending, loaded.Steps.Single(s => s.Ordinal == 1).Status);
        Assert.Equal(T0 + 20 + LeaseMs, loaded.Transaction.LeaseExpiresUnixMs);
        Assert.Equal(
            [TransactionEventKinds.SagaSubmitted, TransactionEventKinds.SagaStepSucceeded],
            (await Store.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task SaveStepsAsync_RepeatedFailures_ExtendEachStepsLatestFailureEntryOnly()
    {
        var (tx, steps) = await SubmitAsync();
        var (reserve, charge) = (steps[0].BranchId, steps[1].BranchId);
        await SaveEventsAsync(
            tx.Xid,
            T0 + 10,
            Event(tx.Xid, TransactionEventKinds.SagaStepFailed, T0 + 10, reserve, "reserve: attempt 1 failed: down"),
            Event(tx.Xid, TransactionEventKinds.SagaStepFailed, T0 + 10, charge, "charge: attempt 1 failed: declined"));
        await SaveEventsAsync(tx.Xid, T0 + 20, Event(tx.Xid, TransactionEventKinds.SagaStepFailed, T0 + 20, reserve, "reserve: attempt 2 failed: timeout"));

        var saved = await Sagas.SaveStepsAsync(
            new SagaStepsWrite(tx.Xid, GlobalStatus.Committing, Owner, T0 + 30, T0 + 30 + LeaseMs) { RepeatedFailures = [new(reserve, T0 + 30)] },
            default);
        await Sagas.SaveStepsAsync(
            new SagaStepsWrite(tx.Xid, GlobalStatus.Committing, Owner, T0 + 40, T0 + 40 + LeaseMs) { RepeatedFailures = [new(reserve, T0 + 40), new(charge, T0 + 40)] },
            default);

        Assert.True(saved);
        var failures = (await Store.GetEventsAsync(tx.Xid, default)).Where(e => e.Kind == TransactionEventKinds.SagaStepFailed).ToList();
        Assert.Equal(
            [("reserve: attempt 1 failed: down", 1, (long?)null), ("charge: attempt 1 failed: declined", 2, T0 + 40), ("reserve: attempt 2 failed: timeout", 3, T0 + 40)],
            failures.Select(e => (e.Detail!, e.Repeats, e.LastAtUnixMs)));
    }

    [ComplianceFact]
    public async Task SaveStepsAsync_AnotherOwner_WritesNothing()
    {
        var (tx, steps) = await SubmitAsync();
        var changed = steps[0].Clone();
        changed.Status = SagaStepStatus.Running;

        var saved = await Sagas.SaveStepsAsync(
            new SagaStepsWrite(tx.Xid, GlobalStatus.Committing, OtherOwner, T0 + 5, T0 + 5 + LeaseMs)
            {
                Steps = [changed],
                Events = [Event(tx.Xid, TransactionEventKinds.SagaStepStarted, T0 + 5, changed.BranchId)],
            },
            default);

        Assert.False(saved);
        var loaded = await Sagas.LoadSagaAsync(tx.Xid, default);
        Assert.All(loaded!.Steps, s => Assert.Equal(SagaStepStatus.Pending, s.Status));
        Assert.Equal(Owner, loaded.Transaction.LeaseOwner);
        Assert.Equal(T0 + LeaseMs, loaded.Transaction.LeaseExpiresUnixMs);
        Assert.Equal([TransactionEventKinds.SagaSubmitted], (await Store.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task SaveStepsAsync_AfterTheSagaMovedToAnotherStatus_WritesNothing()
    {
        var (tx, steps) = await SubmitAsync();
        var changed = steps[1].Clone();
        changed.Status = SagaStepStatus.Failed;

        // The saga is compensating now: a write that still expects Committing (a stale round) must not land.
        var saved = await Sagas.SaveStepsAsync(
            new SagaStepsWrite(tx.Xid, GlobalStatus.RollingBack, Owner, T0 + 5, T0 + 5 + LeaseMs) { Steps = [changed] },
            default);

        Assert.False(saved);
        Assert.Equal(SagaStepStatus.Pending, (await Sagas.LoadSagaAsync(tx.Xid, default))!.Steps.Single(s => s.Ordinal == 1).Status);
    }

    [ComplianceFact]
    public async Task SaveStepsAsync_UnknownSaga_WritesNothing()
    {
        var xid = NextId();

        var saved = await Sagas.SaveStepsAsync(
            new SagaStepsWrite(xid, GlobalStatus.Committing, Owner, T0, T0 + LeaseMs) { Events = [Event(xid, TransactionEventKinds.SagaStepStarted, T0)] },
            default);

        Assert.False(saved);
        Assert.Empty(await Store.GetEventsAsync(xid, default));
    }

    private static (GlobalTransaction Transaction, List<SagaStepState> Steps) NewSaga(string? key = null, string? app = "orders")
    {
        var tx = new GlobalTransaction
        {
            Xid = NextId(),
            Kind = TransactionKind.Saga,
            Name = "place-order",
            ApplicationId = app,
            IdempotencyKey = key,
            Status = GlobalStatus.Committing,
            CreatedUnixMs = T0,
            UpdatedUnixMs = T0,
            DeadlineUnixMs = T0,
            BranchCount = 2,
            NextAttemptUnixMs = T0 + LeaseMs,
            LeaseOwner = Owner,
            LeaseExpiresUnixMs = T0 + LeaseMs,
        };
        var steps = new[] { "reserve", "charge" }
            .Select((name, i) => new SagaStepState { Xid = tx.Xid, Ordinal = i, GroupIndex = i, Name = name, BranchId = NextId(), UpdatedUnixMs = T0 })
            .ToList();
        return (tx, steps);
    }

    private static TransactionEvent Submitted(long xid) => Event(xid, TransactionEventKinds.SagaSubmitted, T0, detail: "place-order: 2 step(s)");

    private async Task<(GlobalTransaction Transaction, List<SagaStepState> Steps)> SubmitAsync()
    {
        var (tx, steps) = NewSaga();
        Assert.True((await Sagas.SubmitAsync(tx, new SagaRecord { Xid = tx.Xid, Definition = Definition }, steps, Submitted(tx.Xid), default)).Created);
        return (tx, steps);
    }

    private Task<bool> SaveEventsAsync(long xid, long now, params TransactionEvent[] events) =>
        Sagas.SaveStepsAsync(new SagaStepsWrite(xid, GlobalStatus.Committing, Owner, now, now + LeaseMs) { Events = events }, default);
}
