using Transactions.Common.Ids;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;
using Transactions.Storage.Compliance.Tests.Infrastructure;
using Xunit;

namespace Transactions.Storage.Compliance.Tests;

/// <summary>
/// The storage compliance suite: every behaviour of <see cref="ITransactionStore"/> and <see cref="IWorkerIdStore"/>,
/// exercised through the interfaces only. A provider's test class derives from it and names its fixture; the
/// fixture only knows how to create, migrate and drop a database. Every test starts from empty tables.
/// Times are fixed Unix milliseconds around <see cref="ComplianceSuite{TFixture}.T0"/>: the stores compare the times they are given.
/// </summary>
/// <typeparam name="TFixture">The provider's database fixture.</typeparam>
public abstract class StorageComplianceTests<TFixture>(TFixture fixture) : ComplianceSuite<TFixture>(fixture)
    where TFixture : StorageFixture
{
    private ITransactionStore Store => Fixture.Store;

    private IWorkerIdStore WorkerIds => Fixture.WorkerIds;

    // ---------------------------------------------------------------- Begin / Find

    [ComplianceFact]
    public async Task BeginAsync_NewTransaction_IsFoundWithEveryField()
    {
        var sut = Store;
        var tx = NewTransaction(key: "order-1", app: "orders");

        var outcome = await sut.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, T0), default);
        var found = await sut.FindAsync(tx.Xid, default);

        Assert.True(outcome.Created);
        Assert.Equal(tx.Xid, outcome.Transaction.Xid);
        Assert.NotNull(found);
        Assert.Equal(tx.Name, found.Name);
        Assert.Equal("orders", found.ApplicationId);
        Assert.Equal("order-1", found.IdempotencyKey);
        Assert.Equal(GlobalStatus.Active, found.Status);
        Assert.Equal(tx.TimeoutMs, found.TimeoutMs);
        Assert.Equal(T0, found.CreatedUnixMs);
        Assert.Equal(T0, found.UpdatedUnixMs);
        Assert.Equal(tx.DeadlineUnixMs, found.DeadlineUnixMs);
        Assert.Equal(tx.NextAttemptUnixMs, found.NextAttemptUnixMs);
        Assert.Null(found.CompletedUnixMs);
        Assert.Equal(0, found.BranchCount);
        Assert.Equal(0, found.Phase2Attempts);
        Assert.False(found.NeedsAttention);
        Assert.Null(found.LeaseOwner);
        Assert.Null(found.LeaseExpiresUnixMs);
        Assert.Equal([TransactionEventKinds.Begun], (await sut.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task FindAsync_UnknownXid_ReturnsNull()
    {
        var sut = Store;
        await BeginAsync();

        var found = await sut.FindAsync(NextId(), default);

        Assert.Null(found);
    }

    [ComplianceFact]
    public async Task BeginAsync_SameIdempotencyKeyAndApplication_ReturnsExistingAndWritesNothing()
    {
        var sut = Store;
        var first = await BeginAsync(NewTransaction(key: "order-7", app: "orders"));
        var retry = NewTransaction(key: "order-7", app: "orders");

        var outcome = await sut.BeginAsync(retry, Event(retry.Xid, TransactionEventKinds.Begun, T0), default);

        Assert.False(outcome.Created);
        Assert.Equal(first.Xid, outcome.Transaction.Xid);
        Assert.Equal("order-7", outcome.Transaction.IdempotencyKey);
        Assert.Null(await sut.FindAsync(retry.Xid, default));
        Assert.Empty(await sut.GetEventsAsync(retry.Xid, default));
        Assert.Single(await sut.GetEventsAsync(first.Xid, default));
    }

    [ComplianceFact]
    public async Task BeginAsync_SameIdempotencyKeyWithoutApplication_ReturnsExisting()
    {
        var sut = Store;
        var first = await BeginAsync(NewTransaction(key: "no-app-key"));
        var retry = NewTransaction(key: "no-app-key");

        var outcome = await sut.BeginAsync(retry, Event(retry.Xid, TransactionEventKinds.Begun, T0), default);

        Assert.False(outcome.Created);
        Assert.Equal(first.Xid, outcome.Transaction.Xid);
        Assert.Null(outcome.Transaction.ApplicationId);
    }

    [ComplianceFact]
    public async Task BeginAsync_SameIdempotencyKeyOtherApplication_CreatesBoth()
    {
        var sut = Store;
        await BeginAsync(NewTransaction(key: "shared", app: "orders"));
        await BeginAsync(NewTransaction(key: "shared"));
        var other = NewTransaction(key: "shared", app: "billing");

        var outcome = await sut.BeginAsync(other, Event(other.Xid, TransactionEventKinds.Begun, T0), default);

        Assert.True(outcome.Created);
        Assert.NotNull(await sut.FindAsync(other.Xid, default));
    }

    [ComplianceFact]
    public async Task BeginAsync_WithoutIdempotencyKey_NeverDeduplicates()
    {
        var sut = Store;
        var first = NewTransaction();
        var second = NewTransaction();

        var a = await sut.BeginAsync(first, Event(first.Xid, TransactionEventKinds.Begun, T0), default);
        var b = await sut.BeginAsync(second, Event(second.Xid, TransactionEventKinds.Begun, T0), default);

        Assert.True(a.Created);
        Assert.True(b.Created);
        Assert.NotNull(await sut.FindAsync(second.Xid, default));
    }

    [ComplianceFact]
    public async Task BeginAsync_ConcurrentSameIdempotencyKey_CreatesExactlyOne()
    {
        var sut = Store;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            var tx = NewTransaction(key: "concurrent", app: "orders");
            return await sut.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, T0), default);
        })).ToArray();

        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var created = Assert.Single(outcomes, o => o.Created);
        Assert.All(outcomes, o => Assert.Equal(created.Transaction.Xid, o.Transaction.Xid));
    }

    [ComplianceFact]
    public async Task BeginAsync_ConcurrentNewAndDuplicateKeys_EachCallerGetsItsOwnAnswer()
    {
        // On PostgreSQL these land in shared group-commit batches; a duplicate key rolls its batch back, and every
        // other Begin of that batch must still be created and answered as created.
        var sut = Store;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var tx = NewTransaction(key: i % 4 == 0 ? "shared" : $"own-{i}", app: "orders");
            var outcome = await sut.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, T0), default);
            return (Key: tx.IdempotencyKey, Xid: tx.Xid, Outcome: outcome);
        })).ToArray();

        gate.SetResult();
        var results = await Task.WhenAll(attempts);

        var shared = results.Where(r => r.Key == "shared").ToList();
        var created = Assert.Single(shared, r => r.Outcome.Created);
        Assert.All(shared, r => Assert.Equal(created.Xid, r.Outcome.Transaction.Xid));
        foreach (var own in results.Where(r => r.Key != "shared"))
        {
            Assert.True(own.Outcome.Created, $"{own.Key} was not created");
            Assert.Equal(own.Xid, own.Outcome.Transaction.Xid);
            Assert.NotNull(await sut.FindAsync(own.Xid, default));
            Assert.Single(await sut.GetEventsAsync(own.Xid, default));
        }
    }

    // ---------------------------------------------------------------- Load / RegisterBranch

    [ComplianceFact]
    public async Task LoadAsync_UnknownXid_ReturnsNull()
    {
        var sut = Store;

        var snapshot = await sut.LoadAsync(NextId(), default);

        Assert.Null(snapshot);
    }

    [ComplianceFact]
    public async Task LoadAsync_NoBranches_ReturnsTransactionAndEmptyList()
    {
        var sut = Store;
        var tx = await BeginAsync();

        var snapshot = await sut.LoadAsync(tx.Xid, default);

        Assert.NotNull(snapshot);
        Assert.Equal(tx.Xid, snapshot.Transaction.Xid);
        Assert.Empty(snapshot.Branches);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_WhileActive_AssignsOrdinalsOneToNAndKeepsEveryField()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var other = await BeginAsync();
        await RegisterAsync(other.Xid);
        var context = new string('x', 64 * 1024);
        var branches = new List<BranchTransaction>();

        for (var i = 0; i < 3; i++)
        {
            var branch = NewBranch(tx.Xid, resource: $"resource-{i}");
            branch.ActionContext = i == 2 ? context : $"{{\"n\":{i}}}";
            var outcome = await sut.RegisterBranchAsync(branch, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + i, branch.BranchId), default);
            Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.Active, true) { BranchId = branch.BranchId }, outcome);
            branches.Add(branch);
        }

        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(3, snapshot.Transaction.BranchCount);
        Assert.Equal([1, 2, 3], snapshot.Branches.Select(b => b.Ordinal));
        Assert.Equal([1, 2, 3], branches.Select(b => b.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            var expected = branches[i];
            var actual = snapshot.Branches[i];
            Assert.Equal(expected.BranchId, actual.BranchId);
            Assert.Equal(tx.Xid, actual.Xid);
            Assert.Equal(expected.ResourceId, actual.ResourceId);
            Assert.Equal(expected.ActionName, actual.ActionName);
            Assert.Equal(BranchType.Tcc, actual.BranchType);
            Assert.Equal(expected.Endpoint, actual.Endpoint);
            Assert.Equal(ParticipantProtocol.HttpJson, actual.Protocol);
            Assert.Equal(expected.ActionContext, actual.ActionContext);
            Assert.Equal(BranchStatus.Registered, actual.Status);
            Assert.Equal(0, actual.Attempts);
            Assert.Null(actual.LastError);
            Assert.Null(actual.NextRetryUnixMs);
            Assert.Equal(T0, actual.CreatedUnixMs);
        }

        Assert.Equal(
            [TransactionEventKinds.Begun, TransactionEventKinds.BranchRegistered, TransactionEventKinds.BranchRegistered, TransactionEventKinds.BranchRegistered],
            (await sut.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_SameKeyTwice_AnswersTheFirstBranchAndWritesNothing()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var first = NewBranch(tx.Xid);
        first.IdempotencyKey = "reserve-1";
        var retry = NewBranch(tx.Xid);
        retry.IdempotencyKey = "reserve-1";

        var registered = await sut.RegisterBranchAsync(first, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0, first.BranchId), default);
        var replayed = await sut.RegisterBranchAsync(retry, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + 1, retry.BranchId), default);

        Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.Active, true) { BranchId = first.BranchId }, registered);
        Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.Active, true) { BranchId = first.BranchId, Replayed = true }, replayed);
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(1, snapshot.Transaction.BranchCount);
        var stored = Assert.Single(snapshot.Branches);
        Assert.Equal((first.BranchId, "reserve-1"), (stored.BranchId, stored.IdempotencyKey));
        Assert.Single(await sut.GetEventsAsync(tx.Xid, default), e => e.Kind == TransactionEventKinds.BranchRegistered);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_SameKeyAfterDecision_StillAnswersTheFirstBranch()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var first = NewBranch(tx.Xid);
        first.IdempotencyKey = "reserve-1";
        await sut.RegisterBranchAsync(first, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0, first.BranchId), default);
        Assert.True(await DecideAsync(tx.Xid, GlobalStatus.Committing));
        var retry = NewBranch(tx.Xid);
        retry.IdempotencyKey = "reserve-1";

        var outcome = await sut.RegisterBranchAsync(retry, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + 1, retry.BranchId), default);

        Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.Committing, true) { BranchId = first.BranchId, Replayed = true }, outcome);
        Assert.Single((await sut.LoadAsync(tx.Xid, default))!.Branches);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_ConcurrentSameKey_ExactlyOneBranch()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var branch = NewBranch(tx.Xid);
            branch.IdempotencyKey = "same";
            return await sut.RegisterBranchAsync(branch, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + i, branch.BranchId), default);
        })).ToArray();

        gate.SetResult();
        var outcomes = await Task.WhenAll(attempts);

        var written = Assert.Single(outcomes, o => !o.Replayed);
        Assert.All(outcomes, o => Assert.Equal(written.BranchId, o.BranchId));
        Assert.All(outcomes, o => Assert.True(o.Registered));
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(written.BranchId, Assert.Single(snapshot.Branches).BranchId);
        Assert.Equal(1, snapshot.Transaction.BranchCount);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_SameKeyInOtherTransactionOrNoKey_RegistersEach()
    {
        var sut = Store;
        var one = await BeginAsync();
        var two = await BeginAsync();
        var branches = new[] { NewBranch(one.Xid), NewBranch(two.Xid), NewBranch(one.Xid), NewBranch(one.Xid) };
        branches[0].IdempotencyKey = "k";
        branches[1].IdempotencyKey = "k";

        foreach (var branch in branches)
        {
            var outcome = await sut.RegisterBranchAsync(branch, Event(branch.Xid, TransactionEventKinds.BranchRegistered, T0, branch.BranchId), default);
            Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.Active, true) { BranchId = branch.BranchId }, outcome);
        }

        Assert.Equal(3, (await sut.LoadAsync(one.Xid, default))!.Branches.Count);
        Assert.Single((await sut.LoadAsync(two.Xid, default))!.Branches);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_UnknownXid_ReturnsNotFound()
    {
        var sut = Store;
        var branch = NewBranch(NextId());

        var outcome = await sut.RegisterBranchAsync(branch, Event(branch.Xid, TransactionEventKinds.BranchRegistered, T0, branch.BranchId), default);

        Assert.False(outcome.Found);
        Assert.False(outcome.Registered);
        Assert.Empty(await sut.GetEventsAsync(branch.Xid, default));
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_AfterDecision_IsRejectedWithTheStatusAndWritesNothing()
    {
        var sut = Store;
        var tx = await BeginAsync();
        await RegisterAsync(tx.Xid);
        Assert.True(await DecideAsync(tx.Xid, GlobalStatus.RollingBack));
        var late = NewBranch(tx.Xid);

        var outcome = await sut.RegisterBranchAsync(late, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0 + 5, late.BranchId), default);

        Assert.Equal(new RegisterBranchOutcome(true, GlobalStatus.RollingBack, false), outcome);
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(1, snapshot.Transaction.BranchCount);
        Assert.DoesNotContain(snapshot.Branches, b => b.BranchId == late.BranchId);
        Assert.DoesNotContain(await sut.GetEventsAsync(tx.Xid, default), e => e.BranchId == late.BranchId);
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_Concurrent_OrdinalsAreContiguousAndUnique()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registrations = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            var branch = NewBranch(tx.Xid);
            return await sut.RegisterBranchAsync(branch, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0, branch.BranchId), default);
        })).ToArray();

        gate.SetResult();
        var outcomes = await Task.WhenAll(registrations);

        Assert.All(outcomes, o => Assert.True(o.Registered));
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(16, snapshot.Transaction.BranchCount);
        Assert.Equal(Enumerable.Range(1, 16), snapshot.Branches.Select(b => b.Ordinal));
    }

    [ComplianceFact]
    public async Task RegisterBranchAsync_RacingCommitDecision_NeverLosesABranch()
    {
        var sut = Store;
        var registeredInTotal = 0;
        for (var round = 0; round < 25; round++)
        {
            var tx = await BeginAsync();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var registrations = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                await gate.Task;
                var branch = NewBranch(tx.Xid);
                var outcome = await sut.RegisterBranchAsync(branch, Event(tx.Xid, TransactionEventKinds.BranchRegistered, T0, branch.BranchId), default);
                return (Branch: branch, Outcome: outcome);
            })).ToArray();
            var decision = Task.Run(async () =>
            {
                await gate.Task;
                var decided = await sut.TryTransitionAsync(
                    Transition(tx.Xid, GlobalStatus.Active, GlobalStatus.Committing, T0 + 1),
                    [Event(tx.Xid, TransactionEventKinds.CommitDecided, T0 + 1)],
                    default);

                // What phase 2 reads right after the decision: it must already hold every branch that
                // is (or will be) reported as registered.
                return (Decided: decided, Snapshot: await sut.LoadAsync(tx.Xid, default));
            });

            gate.SetResult();
            var results = await Task.WhenAll(registrations);
            var (decided, afterDecision) = await decision;

            Assert.True(decided);
            Assert.NotNull(afterDecision);
            var registered = results.Where(r => r.Outcome.Registered).Select(r => r.Branch.BranchId).Order().ToList();
            Assert.Equal(registered, afterDecision.Branches.Select(b => b.BranchId).Order());
            Assert.Equal(Enumerable.Range(1, registered.Count), afterDecision.Branches.Select(b => b.Ordinal));
            Assert.Equal(registered.Count, afterDecision.Transaction.BranchCount);
            Assert.All(results.Where(r => !r.Outcome.Registered), r => Assert.Equal(GlobalStatus.Committing, r.Outcome.GlobalStatus));

            var kinds = (await sut.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind).ToList();
            var decisionAt = kinds.IndexOf(TransactionEventKinds.CommitDecided);
            Assert.Equal(registered.Count, kinds.Count(k => k == TransactionEventKinds.BranchRegistered));
            Assert.DoesNotContain(TransactionEventKinds.BranchRegistered, kinds.Skip(decisionAt + 1));
            registeredInTotal += registered.Count;
        }

        Assert.InRange(registeredInTotal, 0, 25 * 6);
    }

    // ---------------------------------------------------------------- MarkBranchPhaseOneFailed

    [ComplianceFact]
    public async Task MarkBranchPhaseOneFailedAsync_RegisteredBranch_SetsStatusAndErrorAndAppendsEvent()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var branch = await RegisterAsync(tx.Xid);

        var marked = await sut.MarkBranchPhaseOneFailedAsync(tx.Xid, branch.BranchId, "out of stock", Event(tx.Xid, TransactionEventKinds.BranchReported, T0 + 3, branch.BranchId), default);

        Assert.True(marked);
        var stored = await LoadBranchAsync(tx.Xid, branch.BranchId);
        Assert.Equal(BranchStatus.PhaseOneFailed, stored.Status);
        Assert.Equal("out of stock", stored.LastError);
        Assert.Equal(TransactionEventKinds.BranchReported, (await sut.GetEventsAsync(tx.Xid, default))[^1].Kind);
    }

    [ComplianceFact]
    public async Task MarkBranchPhaseOneFailedAsync_UnknownBranchOrWrongXid_ReturnsFalse()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var other = await BeginAsync();
        var branch = await RegisterAsync(tx.Xid);

        var unknown = await sut.MarkBranchPhaseOneFailedAsync(tx.Xid, NextId(), "e", Event(tx.Xid, TransactionEventKinds.BranchReported, T0), default);
        var wrongXid = await sut.MarkBranchPhaseOneFailedAsync(other.Xid, branch.BranchId, "e", Event(other.Xid, TransactionEventKinds.BranchReported, T0), default);

        Assert.False(unknown);
        Assert.False(wrongXid);
        Assert.Equal(BranchStatus.Registered, (await LoadBranchAsync(tx.Xid, branch.BranchId)).Status);
        Assert.DoesNotContain(await sut.GetEventsAsync(other.Xid, default), e => e.Kind == TransactionEventKinds.BranchReported);
    }

    [ComplianceFact]
    public async Task MarkBranchPhaseOneFailedAsync_BranchNoLongerRegistered_KeepsItsStatus()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var branch = await RegisterAsync(tx.Xid);
        await DecideAsync(tx.Xid, GlobalStatus.Committing, owner: Owner);
        Assert.True(await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, Owner, T0 + 10)
            {
                Branches = [new BranchOutcome(branch.BranchId, BranchStatus.Confirmed, 1, null, null)],
                CompleteAs = GlobalStatus.Committed,
                Phase2Attempts = 1,
            },
            default));

        var marked = await sut.MarkBranchPhaseOneFailedAsync(tx.Xid, branch.BranchId, "late report", Event(tx.Xid, TransactionEventKinds.BranchReported, T0 + 20, branch.BranchId), default);

        Assert.True(marked);
        var stored = await LoadBranchAsync(tx.Xid, branch.BranchId);
        Assert.Equal(BranchStatus.Confirmed, stored.Status);
        Assert.Null(stored.LastError);
    }

    // ---------------------------------------------------------------- TryTransition

    [ComplianceFact]
    public async Task TryTransitionAsync_FromCurrentStatus_AppliesEveryFieldAndAppendsEvents()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var transition = new GlobalTransition(tx.Xid, GlobalStatus.Active, GlobalStatus.RollingBack, T0 + 50)
        {
            RollbackReason = "requested",
            LeaseOwner = Owner,
            LeaseExpiresUnixMs = T0 + 50 + LeaseMs,
            NextAttemptUnixMs = T0 + 50 + LeaseMs,
        };

        var changed = await sut.TryTransitionAsync(
            transition,
            [Event(tx.Xid, TransactionEventKinds.RollbackDecided, T0 + 50, detail: "requested"), Event(tx.Xid, TransactionEventKinds.Recovered, T0 + 50)],
            default);

        Assert.True(changed);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.NotNull(found);
        Assert.Equal(GlobalStatus.RollingBack, found.Status);
        Assert.Equal("requested", found.RollbackReason);
        Assert.Equal(Owner, found.LeaseOwner);
        Assert.Equal(T0 + 50 + LeaseMs, found.LeaseExpiresUnixMs);
        Assert.Equal(T0 + 50 + LeaseMs, found.NextAttemptUnixMs);
        Assert.Equal(T0 + 50, found.UpdatedUnixMs);
        Assert.Null(found.CompletedUnixMs);
        Assert.Equal(
            [TransactionEventKinds.Begun, TransactionEventKinds.RollbackDecided, TransactionEventKinds.Recovered],
            (await sut.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind));
    }

    [ComplianceFact]
    public async Task TryTransitionAsync_FromOtherStatus_ReturnsFalseAndWritesNothing()
    {
        var sut = Store;
        var tx = await BeginAsync();

        var changed = await sut.TryTransitionAsync(
            Transition(tx.Xid, GlobalStatus.Committing, GlobalStatus.Committed, T0 + 5),
            [Event(tx.Xid, TransactionEventKinds.Committed, T0 + 5)],
            default);
        var unknown = await sut.TryTransitionAsync(Transition(NextId(), GlobalStatus.Active, GlobalStatus.Committing, T0 + 5), [], default);

        Assert.False(changed);
        Assert.False(unknown);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.NotNull(found);
        Assert.Equal(GlobalStatus.Active, found.Status);
        Assert.Equal(T0, found.UpdatedUnixMs);
        Assert.Single(await sut.GetEventsAsync(tx.Xid, default));
    }

    [ComplianceFact]
    public async Task TryTransitionAsync_NullOptionalFields_LeavesThemButAlwaysWritesTheLease()
    {
        var sut = Store;
        var tx = await BeginAsync();
        await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0, T0 + LeaseMs, default);
        Assert.True(await sut.TryTransitionAsync(
            new GlobalTransition(tx.Xid, GlobalStatus.Active, GlobalStatus.RollingBack, T0 + 1) { RollbackReason = "first", NextAttemptUnixMs = T0 + 99, LeaseOwner = Owner, LeaseExpiresUnixMs = T0 + LeaseMs },
            [],
            default));

        var changed = await sut.TryTransitionAsync(Transition(tx.Xid, GlobalStatus.RollingBack, GlobalStatus.RolledBack, T0 + 2), [], default);

        Assert.True(changed);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.NotNull(found);
        Assert.Equal(GlobalStatus.RolledBack, found.Status);
        Assert.Equal("first", found.RollbackReason);
        Assert.Equal(T0 + 99, found.NextAttemptUnixMs);
        Assert.Null(found.LeaseOwner);
        Assert.Null(found.LeaseExpiresUnixMs);
        Assert.Equal(T0 + 2, found.CompletedUnixMs);
    }

    [ComplianceFact]
    public async Task TryTransitionAsync_RacingCommitAndRollbackDecisions_ExactlyOneWins()
    {
        var sut = Store;
        for (var round = 0; round < 5; round++)
        {
            var tx = await BeginAsync();
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var decisions = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                await gate.Task;
                var to = i % 2 == 0 ? GlobalStatus.Committing : GlobalStatus.RollingBack;
                var kind = to == GlobalStatus.Committing ? TransactionEventKinds.CommitDecided : TransactionEventKinds.RollbackDecided;
                var won = await sut.TryTransitionAsync(
                    Transition(tx.Xid, GlobalStatus.Active, to, T0 + 1) with { LeaseOwner = $"instance-{i}", LeaseExpiresUnixMs = T0 + LeaseMs },
                    [Event(tx.Xid, kind, T0 + 1, detail: $"instance-{i}")],
                    default);
                return (Won: won, To: to, Owner: $"instance-{i}");
            })).ToArray();

            gate.SetResult();
            var results = await Task.WhenAll(decisions);

            var winner = Assert.Single(results, r => r.Won);
            var found = await sut.FindAsync(tx.Xid, default);
            Assert.NotNull(found);
            Assert.Equal(winner.To, found.Status);
            Assert.Equal(winner.Owner, found.LeaseOwner);
            var decisionEvents = (await sut.GetEventsAsync(tx.Xid, default))
                .Where(e => e.Kind is TransactionEventKinds.CommitDecided or TransactionEventKinds.RollbackDecided).ToList();
            Assert.Equal(winner.Owner, Assert.Single(decisionEvents).Detail);
        }
    }

    // ---------------------------------------------------------------- SavePhaseTwoRound

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_OwnerAndStatusMatch_WritesBranchesBookkeepingEventsAndReleasesLease()
    {
        var sut = Store;
        var (tx, first, second) = await CommittingWithTwoBranchesAsync();

        var saved = await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, Owner, T0 + 100)
            {
                Branches =
                [
                    new BranchOutcome(first.BranchId, BranchStatus.Confirmed, 1, null, null),
                    new BranchOutcome(second.BranchId, BranchStatus.Registered, 1, "connection refused", T0 + 1_100),
                ],
                Phase2Attempts = 1,
                NextAttemptUnixMs = T0 + 1_100,
                LastError = "connection refused",
                NeedsAttention = true,
                Events = [Event(tx.Xid, TransactionEventKinds.BranchConfirmed, T0 + 100, first.BranchId), Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 100, second.BranchId)],
            },
            default);

        Assert.True(saved);
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(GlobalStatus.Committing, snapshot.Transaction.Status);
        Assert.Equal(1, snapshot.Transaction.Phase2Attempts);
        Assert.Equal(T0 + 1_100, snapshot.Transaction.NextAttemptUnixMs);
        Assert.Equal("connection refused", snapshot.Transaction.LastError);
        Assert.True(snapshot.Transaction.NeedsAttention);
        Assert.Null(snapshot.Transaction.LeaseOwner);
        Assert.Null(snapshot.Transaction.LeaseExpiresUnixMs);
        Assert.Null(snapshot.Transaction.CompletedUnixMs);
        Assert.Equal(BranchStatus.Confirmed, snapshot.Branches[0].Status);
        Assert.Equal(1, snapshot.Branches[0].Attempts);
        Assert.Equal(BranchStatus.Registered, snapshot.Branches[1].Status);
        Assert.Equal(1, snapshot.Branches[1].Attempts);
        Assert.Equal("connection refused", snapshot.Branches[1].LastError);
        Assert.Equal(T0 + 1_100, snapshot.Branches[1].NextRetryUnixMs);
        Assert.Equal(T0 + 100, snapshot.Branches[1].UpdatedUnixMs);
        Assert.Equal(second.ResourceId, snapshot.Branches[1].ResourceId);
        Assert.Equal(second.ActionContext, snapshot.Branches[1].ActionContext);
        var kinds = (await sut.GetEventsAsync(tx.Xid, default)).Select(e => e.Kind).ToList();
        Assert.Equal([TransactionEventKinds.BranchConfirmed, TransactionEventKinds.BranchCallFailed], kinds[^2..]);
    }

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_CompleteAs_SetsTerminalStatusAndCompletionAndIsNeverClaimedAgain()
    {
        var sut = Store;
        var (tx, first, second) = await CommittingWithTwoBranchesAsync();

        var saved = await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, Owner, T0 + 100)
            {
                Branches = [new BranchOutcome(first.BranchId, BranchStatus.Confirmed, 1, null, null), new BranchOutcome(second.BranchId, BranchStatus.Confirmed, 2, null, null)],
                CompleteAs = GlobalStatus.Committed,
                Phase2Attempts = 2,
                NextAttemptUnixMs = T0 + 5_000,
                Events = [Event(tx.Xid, TransactionEventKinds.Committed, T0 + 100)],
            },
            default);

        Assert.True(saved);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.NotNull(found);
        Assert.Equal(GlobalStatus.Committed, found.Status);
        Assert.Equal(T0 + 100, found.CompletedUnixMs);
        Assert.Equal(2, found.Phase2Attempts);
        Assert.Null(found.LeaseOwner);
        Assert.Empty(await sut.ClaimDueAsync(OtherOwner, T0 + 1_000_000, T0 + 1_000_000 + LeaseMs, 10, default));
        Assert.False(await sut.TryTransitionAsync(Transition(tx.Xid, GlobalStatus.Active, GlobalStatus.RollingBack, T0 + 200), [], default));
    }

    [ComplianceFact]
    public async Task LoadAsync_RollingBackAfterAFailedRound_TransactionEqualsFindInEveryField()
    {
        var sut = Store;
        var tx = await BeginAsync(NewTransaction(key: "load-every-field", app: "orders"));
        var branch = await RegisterAsync(tx.Xid);
        await DecideAsync(tx.Xid, GlobalStatus.RollingBack, owner: Owner);
        Assert.True(await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.RollingBack, Owner, T0 + 100)
            {
                Branches = [new BranchOutcome(branch.BranchId, BranchStatus.Registered, 3, "stock-service/cancel: connection refused", T0 + 900)],
                Phase2Attempts = 3,
                NextAttemptUnixMs = T0 + 900,
                LastError = "stock-service/cancel: connection refused",
                NeedsAttention = true,
                Events = [Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 100, branch.BranchId)],
            },
            default));
        Assert.True(await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0 + 200, T0 + 5_000, default));

        var snapshot = await sut.LoadAsync(tx.Xid, default);
        var found = await sut.FindAsync(tx.Xid, default);

        // Load (a hand-written reader on PostgreSQL) and Find (EF Core everywhere) must agree on every column.
        Assert.NotNull(snapshot);
        Assert.NotNull(found);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(found), System.Text.Json.JsonSerializer.Serialize(snapshot.Transaction));
        Assert.Equal(("orders", "load-every-field", GlobalStatus.RollingBack, 3, true), (found.ApplicationId, found.IdempotencyKey, found.Status, found.Phase2Attempts, found.NeedsAttention));
        Assert.Equal((Owner, (long?)T0 + 5_000, "stock-service/cancel: connection refused"), (found.LeaseOwner, found.LeaseExpiresUnixMs, found.LastError));
        var loaded = Assert.Single(snapshot.Branches);
        Assert.Equal((branch.BranchId, 3, "stock-service/cancel: connection refused", (long?)T0 + 900), (loaded.BranchId, loaded.Attempts, loaded.LastError, loaded.NextRetryUnixMs));
    }

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_RepeatedFailures_CountOnTheBranchsLatestFailureEntry()
    {
        var sut = Store;
        var (tx, first, second) = await CommittingWithTwoBranchesAsync();
        const string Refused = "stock/confirm: connection refused";
        async Task<bool> RoundAsync(string owner, long at, IReadOnlyList<TransactionEvent> events, IReadOnlyList<RepeatedFailure> repeats)
        {
            var saved = await sut.SavePhaseTwoRoundAsync(
                new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, owner, at)
                {
                    Branches = [new BranchOutcome(first.BranchId, BranchStatus.Registered, 1, Refused, null)],
                    Phase2Attempts = 1,
                    NextAttemptUnixMs = at + 50,
                    LastError = Refused,
                    Events = events,
                    RepeatedFailures = repeats,
                },
                default);
            if (saved)
            {
                // The round released the lease: take it again for the next round.
                Assert.True(await sut.TryAcquireLeaseAsync(tx.Xid, Owner, at + 50, at + 5_000, default));
            }

            return saved;
        }

        // Both fail; then the first fails the same way twice more (repeats) while the second fails differently (entries).
        Assert.True(await RoundAsync(Owner, T0 + 100, [Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 100, first.BranchId, Refused), Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 100, second.BranchId, "a")], []));
        Assert.True(await RoundAsync(Owner, T0 + 200, [Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 200, second.BranchId, "b")], [new RepeatedFailure(first.BranchId, T0 + 200)]));
        Assert.True(await RoundAsync(Owner, T0 + 300, [], [new RepeatedFailure(first.BranchId, T0 + 300)]));
        Assert.False(await RoundAsync(OtherOwner, T0 + 400, [], [new RepeatedFailure(first.BranchId, T0 + 400), new RepeatedFailure(second.BranchId, T0 + 400)]));

        var failures = (await sut.GetEventsAsync(tx.Xid, default)).Where(e => e.Kind == TransactionEventKinds.BranchCallFailed).ToList();
        Assert.Equal(3, failures.Count);
        var firstEntry = Assert.Single(failures, e => e.BranchId == first.BranchId);
        Assert.Equal((3, (long?)T0 + 300, T0 + 100, Refused), (firstEntry.Repeats, firstEntry.LastAtUnixMs, firstEntry.AtUnixMs, firstEntry.Detail));
        Assert.Equal([("a", 1, (long?)null), ("b", 1, null)], failures.Where(e => e.BranchId == second.BranchId).Select(e => (e.Detail, e.Repeats, e.LastAtUnixMs)));
        Assert.All(await sut.GetEventsAsync(tx.Xid, default), e => Assert.True(e.Repeats >= 1));
    }

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_OtherOwner_ReturnsFalseAndWritesNothing()
    {
        var sut = Store;
        var (tx, first, _) = await CommittingWithTwoBranchesAsync();

        var saved = await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, OtherOwner, T0 + 100)
            {
                Branches = [new BranchOutcome(first.BranchId, BranchStatus.Confirmed, 1, null, null)],
                Phase2Attempts = 1,
                NextAttemptUnixMs = T0 + 900,
                Events = [Event(tx.Xid, TransactionEventKinds.BranchConfirmed, T0 + 100, first.BranchId)],
            },
            default);

        Assert.False(saved);
        var snapshot = await sut.LoadAsync(tx.Xid, default);
        Assert.NotNull(snapshot);
        Assert.Equal(Owner, snapshot.Transaction.LeaseOwner);
        Assert.Equal(0, snapshot.Transaction.Phase2Attempts);
        Assert.Equal(BranchStatus.Registered, snapshot.Branches[0].Status);
        Assert.DoesNotContain(await sut.GetEventsAsync(tx.Xid, default), e => e.Kind == TransactionEventKinds.BranchConfirmed);
    }

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_StatusChangedOrLeaseReleased_ReturnsFalse()
    {
        var sut = Store;
        var (tx, _, _) = await CommittingWithTwoBranchesAsync();
        var released = await BeginAsync();
        await DecideAsync(released.Xid, GlobalStatus.RollingBack, owner: null);

        var wrongStatus = await sut.SavePhaseTwoRoundAsync(new PhaseTwoRound(tx.Xid, GlobalStatus.RollingBack, Owner, T0 + 100) { Phase2Attempts = 1 }, default);
        var noLease = await sut.SavePhaseTwoRoundAsync(new PhaseTwoRound(released.Xid, GlobalStatus.RollingBack, Owner, T0 + 100) { Phase2Attempts = 1 }, default);

        Assert.False(wrongStatus);
        Assert.False(noLease);
        Assert.Equal(0, (await sut.FindAsync(tx.Xid, default))!.Phase2Attempts);
        Assert.Equal(0, (await sut.FindAsync(released.Xid, default))!.Phase2Attempts);
    }

    [ComplianceFact]
    public async Task SavePhaseTwoRoundAsync_ErrorLongerThanItsColumn_IsStillSaved()
    {
        var sut = Store;
        var (tx, first, _) = await CommittingWithTwoBranchesAsync();
        var error = "E" + new string('x', 20_000);

        var saved = await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(tx.Xid, GlobalStatus.Committing, Owner, T0 + 100)
            {
                Branches = [new BranchOutcome(first.BranchId, BranchStatus.Registered, 1, error, T0 + 900)],
                Phase2Attempts = 1,
                NextAttemptUnixMs = T0 + 900,
                LastError = error,
                Events = [Event(tx.Xid, TransactionEventKinds.BranchCallFailed, T0 + 100, first.BranchId, detail: error)],
            },
            default);

        Assert.True(saved);
        var stored = await sut.FindAsync(tx.Xid, default);
        Assert.NotNull(stored?.LastError);
        Assert.StartsWith("Exxx", stored.LastError);
        Assert.StartsWith("Exxx", (await LoadBranchAsync(tx.Xid, first.BranchId)).LastError);
    }

    // ---------------------------------------------------------------- TryAcquireLease

    [ComplianceFact]
    public async Task TryAcquireLeaseAsync_FreeLease_IsTaken()
    {
        var sut = Store;
        var tx = await BeginAsync();

        var taken = await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0, T0 + LeaseMs, default);

        Assert.True(taken);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.Equal(Owner, found?.LeaseOwner);
        Assert.Equal(T0 + LeaseMs, found?.LeaseExpiresUnixMs);
    }

    [ComplianceFact]
    public async Task TryAcquireLeaseAsync_LiveLeaseOfOther_IsRefused()
    {
        var sut = Store;
        var tx = await BeginAsync();
        await sut.TryAcquireLeaseAsync(tx.Xid, OtherOwner, T0, T0 + LeaseMs, default);

        var taken = await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0 + LeaseMs - 1, T0 + (2 * LeaseMs), default);

        Assert.False(taken);
        Assert.Equal(OtherOwner, (await sut.FindAsync(tx.Xid, default))?.LeaseOwner);
    }

    [ComplianceFact]
    public async Task TryAcquireLeaseAsync_ExpiredLeaseOfOther_IsTaken()
    {
        var sut = Store;
        var tx = await BeginAsync();
        await sut.TryAcquireLeaseAsync(tx.Xid, OtherOwner, T0, T0 + LeaseMs, default);

        var taken = await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0 + LeaseMs + 1, T0 + (2 * LeaseMs), default);

        Assert.True(taken);
        var found = await sut.FindAsync(tx.Xid, default);
        Assert.Equal(Owner, found?.LeaseOwner);
        Assert.Equal(T0 + (2 * LeaseMs), found?.LeaseExpiresUnixMs);
    }

    [ComplianceFact]
    public async Task TryAcquireLeaseAsync_OwnLiveLease_IsExtended()
    {
        var sut = Store;
        var tx = await BeginAsync();
        await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0, T0 + LeaseMs, default);

        var taken = await sut.TryAcquireLeaseAsync(tx.Xid, Owner, T0 + 10, T0 + 10 + LeaseMs, default);

        Assert.True(taken);
        Assert.Equal(T0 + 10 + LeaseMs, (await sut.FindAsync(tx.Xid, default))?.LeaseExpiresUnixMs);
    }

    [ComplianceFact]
    public async Task TryAcquireLeaseAsync_UnknownXid_ReturnsFalse()
    {
        var sut = Store;

        var taken = await sut.TryAcquireLeaseAsync(NextId(), Owner, T0, T0 + LeaseMs, default);

        Assert.False(taken);
    }

    // ---------------------------------------------------------------- ClaimDue

    [ComplianceFact]
    public async Task ClaimDueAsync_DuePhaseTwoAndExpiredActive_AreClaimedWithTheLease()
    {
        var sut = Store;
        var committing = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: T0 - 10);
        var rollingBack = await InPhaseTwoAsync(GlobalStatus.RollingBack, nextAttempt: T0);
        var expired = await BeginAsync(NewTransaction(now: T0 - 10_000, timeoutMs: 5_000));

        var claimed = await sut.ClaimDueAsync(Owner, T0, T0 + LeaseMs, 10, default);

        Assert.Equal(new[] { committing, rollingBack, expired.Xid }.Order(), claimed.Order());
        foreach (var xid in claimed)
        {
            var found = await sut.FindAsync(xid, default);
            Assert.Equal(Owner, found?.LeaseOwner);
            Assert.Equal(T0 + LeaseMs, found?.LeaseExpiresUnixMs);
        }
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_NotDueOrTerminal_IsNotClaimed()
    {
        var sut = Store;
        await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: T0 + 1);
        await BeginAsync(NewTransaction(now: T0 - 1_000, timeoutMs: 5_000));
        var (done, _, _) = await CommittingWithTwoBranchesAsync();
        Assert.True(await sut.SavePhaseTwoRoundAsync(new PhaseTwoRound(done.Xid, GlobalStatus.Committing, Owner, T0 - 50) { CompleteAs = GlobalStatus.Committed, Phase2Attempts = 1 }, default));

        var claimed = await sut.ClaimDueAsync(Owner, T0, T0 + LeaseMs, 10, default);

        Assert.Empty(claimed);
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_LeasedByOther_IsClaimedOnlyOnceTheLeaseExpired()
    {
        var sut = Store;
        var xid = await InPhaseTwoAsync(GlobalStatus.RollingBack, nextAttempt: T0 - 100, owner: OtherOwner, leaseExpires: T0 + 500);

        var whileLive = await sut.ClaimDueAsync(Owner, T0, T0 + LeaseMs, 10, default);
        var afterExpiry = await sut.ClaimDueAsync(Owner, T0 + 501, T0 + 501 + LeaseMs, 10, default);

        Assert.Empty(whileLive);
        Assert.Equal([xid], afterExpiry);
        Assert.Equal(Owner, (await sut.FindAsync(xid, default))?.LeaseOwner);
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_OwnLiveLease_IsClaimedAgain()
    {
        var sut = Store;
        var xid = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: T0 - 100, owner: Owner, leaseExpires: T0 + 500);

        var claimed = await sut.ClaimDueAsync(Owner, T0, T0 + LeaseMs, 10, default);

        Assert.Equal([xid], claimed);
        Assert.Equal(T0 + LeaseMs, (await sut.FindAsync(xid, default))?.LeaseExpiresUnixMs);
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_MoreDueThanMaxCount_ClaimsTheEarliestDueFirst()
    {
        var sut = Store;
        var third = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: T0 - 100);
        var first = await InPhaseTwoAsync(GlobalStatus.RollingBack, nextAttempt: T0 - 300);
        var second = await BeginAsync(NewTransaction(now: T0 - 10_250, timeoutMs: 10_000));
        var fourth = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: T0 - 50);

        var batch1 = await sut.ClaimDueAsync(Owner, T0, T0 + LeaseMs, 2, default);
        var batch2 = await sut.ClaimDueAsync(OtherOwner, T0, T0 + LeaseMs, 2, default);

        Assert.Equal(new[] { first, second.Xid }.Order(), batch1.Order());
        Assert.Equal(new[] { third, fourth }.Order(), batch2.Order());
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_PhaseTwoWithoutNextAttemptTime_IsDueAtOnce()
    {
        var sut = Store;
        var decided = NewTransaction();
        decided.NextAttemptUnixMs = null;
        await BeginAsync(decided);
        Assert.True(await sut.TryTransitionAsync(Transition(decided.Xid, GlobalStatus.Active, GlobalStatus.RollingBack, T0 + 1), [], default));
        var (unfinished, first, _) = await CommittingWithTwoBranchesAsync();
        Assert.True(await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(unfinished.Xid, GlobalStatus.Committing, Owner, T0 + 2)
            {
                Branches = [new BranchOutcome(first.BranchId, BranchStatus.Confirmed, 1, null, null)],
                Phase2Attempts = 1,
                NextAttemptUnixMs = null,
            },
            default));

        var claimed = await sut.ClaimDueAsync(OtherOwner, T0 + 2, T0 + 2 + LeaseMs, 10, default);

        Assert.Equal(new[] { decided.Xid, unfinished.Xid }.Order(), claimed.Order());
    }

    [ComplianceFact]
    public async Task ClaimDueAsync_TwoOwnersInParallel_NeverClaimTheSameTransaction()
    {
        var sut = Store;
        for (var round = 0; round < 5; round++)
        {
            await Fixture.ResetAsync();
            var due = new HashSet<long>();
            for (var i = 0; i < 30; i++)
            {
                due.Add(i % 3 == 0
                    ? (await BeginAsync(NewTransaction(now: T0 - 10_000 - i, timeoutMs: 1_000))).Xid
                    : await InPhaseTwoAsync(i % 2 == 0 ? GlobalStatus.Committing : GlobalStatus.RollingBack, nextAttempt: T0 - i));
            }

            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claims = new[] { Owner, OtherOwner }.Select(owner => Task.Run(async () =>
            {
                await gate.Task;
                return (Owner: owner, Claimed: await sut.ClaimDueAsync(owner, T0, T0 + LeaseMs, 20, default));
            })).ToArray();
            gate.SetResult();
            var results = await Task.WhenAll(claims);

            Assert.Empty(results[0].Claimed.Intersect(results[1].Claimed));
            Assert.InRange(results[0].Claimed.Count + results[1].Claimed.Count, 20, 30);
            foreach (var (owner, claimed) in results)
            {
                Assert.Equal(claimed.Count, claimed.Distinct().Count());
                foreach (var xid in claimed)
                {
                    Assert.Contains(xid, due);
                    Assert.Equal(owner, (await sut.FindAsync(xid, default))?.LeaseOwner);
                }
            }
        }
    }

    // ---------------------------------------------------------------- ReclaimOwned

    [ComplianceFact]
    public async Task ReclaimOwnedAsync_OwnUnfinishedWork_BecomesDueNowAndClaimable()
    {
        var sut = Store;
        var later = T0 + 60_000;
        var own = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: later, owner: Owner, leaseExpires: later);
        var ownRollingBack = await InPhaseTwoAsync(GlobalStatus.RollingBack, nextAttempt: later, owner: Owner, leaseExpires: later);
        var others = await InPhaseTwoAsync(GlobalStatus.Committing, nextAttempt: later, owner: OtherOwner, leaseExpires: later);
        var free = await InPhaseTwoAsync(GlobalStatus.RollingBack, nextAttempt: later);
        Assert.Empty(await sut.ClaimDueAsync(Owner, T0 + 10, T0 + 10 + LeaseMs, 10, default));

        var reclaimed = await sut.ReclaimOwnedAsync(Owner, T0 + 10, default);

        Assert.Equal(2, reclaimed);
        Assert.Equal(T0 + 10, (await sut.FindAsync(own, default))?.NextAttemptUnixMs);
        Assert.Equal(later, (await sut.FindAsync(others, default))?.NextAttemptUnixMs);
        Assert.Equal(later, (await sut.FindAsync(free, default))?.NextAttemptUnixMs);
        Assert.Equal(new[] { own, ownRollingBack }.Order(), (await sut.ClaimDueAsync(Owner, T0 + 10, T0 + 10 + LeaseMs, 10, default)).Order());
    }

    [ComplianceFact]
    public async Task ReclaimOwnedAsync_FinishedOrReleasedWork_IsLeftAlone()
    {
        var sut = Store;
        var (done, first, second) = await CommittingWithTwoBranchesAsync();
        Assert.True(await sut.SavePhaseTwoRoundAsync(
            new PhaseTwoRound(done.Xid, GlobalStatus.Committing, Owner, T0 + 20)
            {
                Branches = [new BranchOutcome(first.BranchId, BranchStatus.Confirmed, 1, null, null), new BranchOutcome(second.BranchId, BranchStatus.Confirmed, 1, null, null)],
                CompleteAs = GlobalStatus.Committed,
                Phase2Attempts = 1,
            },
            default));

        var reclaimed = await sut.ReclaimOwnedAsync(Owner, T0 + 30, default);

        Assert.Equal(0, reclaimed);
        var found = await sut.FindAsync(done.Xid, default);
        Assert.Equal(GlobalStatus.Committed, found?.Status);
        Assert.Null(found?.NextAttemptUnixMs);
    }

    // ---------------------------------------------------------------- Events

    [ComplianceFact]
    public async Task GetEventsAsync_EventsFromEveryWrite_ComeBackOldestFirstWithIds()
    {
        var sut = Store;
        var tx = await BeginAsync();
        var other = await BeginAsync();
        var branch = await RegisterAsync(tx.Xid);
        await sut.AppendEventsAsync([Event(tx.Xid, TransactionEventKinds.BranchReported, T0 + 2, branch.BranchId, "phase one done"), Event(other.Xid, "other", T0 + 2)], default);
        await DecideAsync(tx.Xid, GlobalStatus.Committing);
        await sut.AppendEventsAsync([Event(tx.Xid, TransactionEventKinds.Recovered, T0 + 4), Event(tx.Xid, TransactionEventKinds.NeedsAttention, T0 + 5, detail: "stuck")], default);

        var events = await sut.GetEventsAsync(tx.Xid, default);

        Assert.Equal(
            [TransactionEventKinds.Begun, TransactionEventKinds.BranchRegistered, TransactionEventKinds.BranchReported, TransactionEventKinds.CommitDecided, TransactionEventKinds.Recovered, TransactionEventKinds.NeedsAttention],
            events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(tx.Xid, e.Xid));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(branch.BranchId, events[2].BranchId);
        Assert.Equal("phase one done", events[2].Detail);
        Assert.Equal("test", events[2].Actor);
        Assert.Equal(T0 + 2, events[2].AtUnixMs);
        Assert.Equal("stuck", events[^1].Detail);
    }

    [ComplianceFact]
    public async Task AppendEventsAsync_AmongConcurrentWrites_EveryCallSucceedsAndEveryEventIsStored()
    {
        var sut = Store;
        var transactions = new List<GlobalTransaction>();
        for (var i = 0; i < 16; i++)
        {
            transactions.Add(await BeginAsync());
        }

        // Appends and decisions at once: on PostgreSQL they share group-commit batches, whose reader pairs every
        // statement with its result set.
        await Task.WhenAll(transactions.SelectMany(tx => new[]
        {
            sut.AppendEventsAsync([Event(tx.Xid, TransactionEventKinds.BranchReported, T0 + 5, detail: "first")], default),
            DecideAsync(tx.Xid, GlobalStatus.Committing),
            sut.AppendEventsAsync([Event(tx.Xid, TransactionEventKinds.BranchReported, T0 + 6, detail: "second")], default),
        }));

        foreach (var tx in transactions)
        {
            var reported = (await sut.GetEventsAsync(tx.Xid, default)).Where(e => e.Kind == TransactionEventKinds.BranchReported).Select(e => e.Detail).Order();
            Assert.Equal(["first", "second"], reported);
            Assert.Equal(GlobalStatus.Committing, (await sut.FindAsync(tx.Xid, default))!.Status);
        }
    }

    [ComplianceFact]
    public async Task AppendEventsAsync_NoEvents_WritesNothing()
    {
        var sut = Store;
        var tx = await BeginAsync();

        await sut.AppendEventsAsync([], default);

        Assert.Single(await sut.GetEventsAsync(tx.Xid, default));
    }

    // ---------------------------------------------------------------- Worker ids

    [ComplianceFact]
    public async Task TryAcquireAsync_LiveOwners_GetDistinctFreshIds()
    {
        var sut = WorkerIds;

        var leases = new List<WorkerIdLease?>();
        foreach (var owner in new[] { "a", "b", "c" })
        {
            leases.Add(await sut.TryAcquireAsync(owner, SnowflakeIdGenerator.MaxWorkerId, T0, T0 + LeaseMs, default));
        }

        Assert.All(leases, l => Assert.NotNull(l));
        Assert.Equal(3, leases.Select(l => l!.WorkerId).Distinct().Count());
        Assert.All(leases, l => Assert.InRange(l!.WorkerId, 0, SnowflakeIdGenerator.MaxWorkerId));
        Assert.All(leases, l => Assert.Equal(T0 + LeaseMs, l!.ExpiresUnixMs));
        Assert.All(leases, l => Assert.Equal(0, l!.PreviousExpiresUnixMs));
    }

    [ComplianceFact]
    public async Task TryAcquireAsync_EveryIdLeasedByLiveOwners_ReturnsNull()
    {
        var sut = WorkerIds;
        var a = await sut.TryAcquireAsync("a", 1, T0, T0 + LeaseMs, default);
        var b = await sut.TryAcquireAsync("b", 1, T0, T0 + LeaseMs, default);

        var c = await sut.TryAcquireAsync("c", 1, T0 + 1, T0 + 1 + LeaseMs, default);

        Assert.Equal([0, 1], new[] { a!.WorkerId, b!.WorkerId }.Order());
        Assert.Null(c);
    }

    [ComplianceFact]
    public async Task TryAcquireAsync_ExpiredId_IsReusedWithThePreviousExpiry()
    {
        var sut = WorkerIds;
        var first = await sut.TryAcquireAsync("a", 0, T0, T0 + LeaseMs, default);

        var second = await sut.TryAcquireAsync("b", 0, T0 + LeaseMs + 1, T0 + (3 * LeaseMs), default);

        Assert.Equal(0, first?.WorkerId);
        Assert.NotNull(second);
        Assert.Equal(0, second.WorkerId);
        Assert.Equal(T0 + LeaseMs, second.PreviousExpiresUnixMs);
        Assert.Equal(T0 + (3 * LeaseMs), second.ExpiresUnixMs);
        Assert.False(await sut.RenewAsync(0, "a", T0 + (4 * LeaseMs), default));
    }

    [ComplianceFact]
    public async Task RenewAsync_ByHolder_ExtendsTheLease()
    {
        var sut = WorkerIds;
        var lease = await sut.TryAcquireAsync("a", 0, T0, T0 + LeaseMs, default);

        var renewed = await sut.RenewAsync(lease!.WorkerId, "a", T0 + (2 * LeaseMs), default);
        var takeover = await sut.TryAcquireAsync("b", 0, T0 + LeaseMs + 1, T0 + (3 * LeaseMs), default);

        Assert.True(renewed);
        Assert.Null(takeover);
    }

    [ComplianceFact]
    public async Task RenewAsync_ByOtherOwnerOrUnknownId_ReturnsFalse()
    {
        var sut = WorkerIds;
        var lease = await sut.TryAcquireAsync("a", 0, T0, T0 + LeaseMs, default);

        var wrongOwner = await sut.RenewAsync(lease!.WorkerId, "b", T0 + (2 * LeaseMs), default);
        var unknown = await sut.RenewAsync(77, "a", T0 + (2 * LeaseMs), default);
        var takeover = await sut.TryAcquireAsync("c", 0, T0 + LeaseMs + 1, T0 + (3 * LeaseMs), default);

        Assert.False(wrongOwner);
        Assert.False(unknown);
        Assert.Equal(T0 + LeaseMs, takeover?.PreviousExpiresUnixMs);
    }

    [ComplianceFact]
    public async Task ReleaseAsync_ByHolder_FreesTheIdAndKeepsItsExpiryAsTheNextFloor()
    {
        var sut = WorkerIds;
        var lease = await sut.TryAcquireAsync("a", 0, T0, T0 + LeaseMs, default);

        await sut.ReleaseAsync(lease!.WorkerId, "a", default);
        var next = await sut.TryAcquireAsync("b", 0, T0 + 10, T0 + 10 + LeaseMs, default);

        Assert.NotNull(next);
        Assert.Equal(lease.WorkerId, next.WorkerId);
        Assert.Equal(T0 + LeaseMs, next.PreviousExpiresUnixMs);
        Assert.False(await sut.RenewAsync(lease.WorkerId, "a", T0 + (2 * LeaseMs), default));
    }

    [ComplianceFact]
    public async Task ReleaseAsync_ByOtherOwner_KeepsTheLease()
    {
        var sut = WorkerIds;
        var lease = await sut.TryAcquireAsync("a", 0, T0, T0 + LeaseMs, default);

        await sut.ReleaseAsync(lease!.WorkerId, "b", default);
        var takeover = await sut.TryAcquireAsync("b", 0, T0 + 10, T0 + 10 + LeaseMs, default);

        Assert.Null(takeover);
        Assert.True(await sut.RenewAsync(lease.WorkerId, "a", T0 + (2 * LeaseMs), default));
    }

    [ComplianceFact]
    public async Task TryAcquireAsync_ConcurrentOwners_NeverShareAnId()
    {
        var sut = WorkerIds;
        await sut.TryAcquireAsync("expired", 15, T0 - (2 * LeaseMs), T0 - LeaseMs, default);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await sut.TryAcquireAsync($"owner-{i}", 15, T0, T0 + LeaseMs, default);
        })).ToArray();

        gate.SetResult();
        var leases = await Task.WhenAll(attempts);

        var granted = leases.Where(l => l is not null).Select(l => l!.WorkerId).ToList();
        Assert.Equal(16, granted.Count);
        Assert.Equal(16, granted.Distinct().Count());
        Assert.Equal(4, leases.Count(l => l is null));
    }

    // ---------------------------------------------------------------- helpers

    private static GlobalTransaction NewTransaction(long now = T0, int timeoutMs = 60_000, string? key = null, string? app = null) => new()
    {
        Xid = NextId(),
        Name = "create-order",
        ApplicationId = app,
        IdempotencyKey = key,
        Status = GlobalStatus.Active,
        TimeoutMs = timeoutMs,
        CreatedUnixMs = now,
        UpdatedUnixMs = now,
        DeadlineUnixMs = now + timeoutMs,
        NextAttemptUnixMs = now + timeoutMs,
    };

    private static BranchTransaction NewBranch(long xid, string resource = "stock-service") => new()
    {
        BranchId = NextId(),
        Xid = xid,
        ResourceId = resource,
        ActionName = "freeze-stock",
        BranchType = BranchType.Tcc,
        Endpoint = "http://stock:5001/tcc",
        Protocol = ParticipantProtocol.HttpJson,
        ActionContext = "{\"sku\":\"A-1\",\"count\":2}",
        Status = BranchStatus.Registered,
        CreatedUnixMs = T0,
        UpdatedUnixMs = T0,
    };

    private static GlobalTransition Transition(long xid, GlobalStatus from, GlobalStatus to, long now) => new(xid, from, to, now);

    private async Task<GlobalTransaction> BeginAsync(GlobalTransaction? transaction = null)
    {
        var tx = transaction ?? NewTransaction();
        var outcome = await Store.BeginAsync(tx, Event(tx.Xid, TransactionEventKinds.Begun, tx.CreatedUnixMs), default);
        Assert.True(outcome.Created);
        return tx;
    }

    private async Task<BranchTransaction> RegisterAsync(long xid)
    {
        var branch = NewBranch(xid);
        var outcome = await Store.RegisterBranchAsync(branch, Event(xid, TransactionEventKinds.BranchRegistered, T0 + 1, branch.BranchId), default);
        Assert.True(outcome.Registered);
        return branch;
    }

    private async Task<bool> DecideAsync(long xid, GlobalStatus to, string? owner = Owner, long? nextAttempt = null, long? leaseExpires = null)
    {
        var kind = to == GlobalStatus.Committing ? TransactionEventKinds.CommitDecided : TransactionEventKinds.RollbackDecided;
        return await Store.TryTransitionAsync(
            new GlobalTransition(xid, GlobalStatus.Active, to, T0 + 3)
            {
                LeaseOwner = owner,
                LeaseExpiresUnixMs = owner is null ? null : leaseExpires ?? T0 + 3 + LeaseMs,
                NextAttemptUnixMs = nextAttempt ?? T0 + 3 + LeaseMs,
            },
            [Event(xid, kind, T0 + 3)],
            default);
    }

    /// <summary>A transaction decided into <paramref name="status"/>, its next attempt at <paramref name="nextAttempt"/>.</summary>
    private async Task<long> InPhaseTwoAsync(GlobalStatus status, long nextAttempt, string? owner = null, long? leaseExpires = null)
    {
        var tx = await BeginAsync();
        Assert.True(await DecideAsync(tx.Xid, status, owner, nextAttempt, leaseExpires));
        return tx.Xid;
    }

    private async Task<(GlobalTransaction Transaction, BranchTransaction First, BranchTransaction Second)> CommittingWithTwoBranchesAsync()
    {
        var tx = await BeginAsync();
        var first = await RegisterAsync(tx.Xid);
        var second = await RegisterAsync(tx.Xid);
        Assert.True(await DecideAsync(tx.Xid, GlobalStatus.Committing, owner: Owner));
        return (tx, first, second);
    }

    private async Task<BranchTransaction> LoadBranchAsync(long xid, long branchId)
    {
        var snapshot = await Store.LoadAsync(xid, default);
        Assert.NotNull(snapshot);
        return Assert.Single(snapshot.Branches, b => b.BranchId == branchId);
    }
}
