using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Errors;
using Transactions.Coordinator.Participants;
using Transactions.Testing;
using Xunit;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>
/// Model-based test of the engine (CsCheck): random sequences of Begin (with replayed idempotency keys), RegisterBranch
/// (with repeated keys), ReportBranch, Commit, Rollback (duplicated, in any order), time passing past deadlines and
/// backoffs, participants failing, and crash-restarts of the coordinator between steps and in the middle of a
/// phase-2 round, on a real store (SQLite, and PostgreSQL where it runs: CI). After each run everything is driven to an end and checked against what the
/// callers were told: a decision never flips, every transaction ends terminal, a branch is never both confirmed and
/// cancelled, a committed transaction confirmed every branch and a rolled-back one confirmed none, no branch is
/// registered after the decision, and replays answer the first result. A failure prints the seed (CsCheck); run it
/// again with <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public sealed class EngineModelTests
{
    private const int Iterations = 25;

    private enum Kind
    {
        Begin,
        Register,
        Report,
        Commit,
        Rollback,
        Advance,
        FailParticipants,
        Crash,
        CrashMidPhaseTwo,
    }

    [Fact]
    public Task Sqlite_RandomOperationsWithCrashes_DecisionsNeverFlip_AllEndTerminal_PhaseTwoConsistent() => SampleAsync(postgres: false);

    [PostgresFact]
    public Task PostgreSql_RandomOperationsWithCrashes_DecisionsNeverFlip_AllEndTerminal_PhaseTwoConsistent() => SampleAsync(postgres: true);

    private static async Task SampleAsync(bool postgres)
    {
        var op = Gen.Select(
            Gen.Frequency(
                (4, Gen.Const(Kind.Begin)),
                (8, Gen.Const(Kind.Register)),
                (2, Gen.Const(Kind.Report)),
                (4, Gen.Const(Kind.Commit)),
                (3, Gen.Const(Kind.Rollback)),
                (3, Gen.Const(Kind.Advance)),
                (2, Gen.Const(Kind.FailParticipants)),
                (1, Gen.Const(Kind.Crash)),
                (1, Gen.Const(Kind.CrashMidPhaseTwo))),
            Gen.Int[0, 3],
            Gen.Int[0, 2],
            Gen.Int[0, 2],
            (kind, tx, branch, arg) => new Op(kind, tx, branch, arg));
        await op.Array[4, 30].SampleAsync(ops => RunAsync(ops, postgres), iter: Iterations, threads: 1, print: ops => string.Join(" ", ops.Select(o => o.ToString())));
    }

    private static async Task RunAsync(Op[] ops, bool postgres)
    {
        await using var world = await World.CreateAsync(postgres);
        foreach (var op in ops)
        {
            await world.ApplyAsync(op);
        }

        await world.DrainAsync();
        await world.CheckAsync();
    }

    private sealed record Op(Kind Kind, int Tx, int Branch, int Arg)
    {
        public override string ToString() => $"{Kind}({Tx},{Branch},{Arg})";
    }

    /// <summary>What the callers were told about one transaction.</summary>
    private sealed class TxModel(long xid, string key)
    {
        public long Xid { get; } = xid;

        public string Key { get; } = key;

        public List<GlobalStatus> Seen { get; } = [];

        public Dictionary<string, long> BranchesByKey { get; } = [];

        public bool DecisionSeen => Seen.Any(s => s != GlobalStatus.Active);
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly string _database = Path.Combine(Path.GetTempPath(), $"tx-model-{Guid.NewGuid():N}.db");
        private readonly FakeTimeProvider _time = new(TestClock.Start);
        private readonly List<TxModel> _txs = [];
        private readonly List<(long Xid, long BranchId, BranchAction Action, bool Succeeded)> _calls = [];
        private readonly List<string> _violations = [];
        private EngineFixture _engine = null!;
        private PostgresDatabase? _postgres;
        private CancellationTokenSource _life = new();
        private int _failuresLeft;
        private int _worker = 1;

        public static async Task<World> CreateAsync(bool postgres)
        {
            var world = new World();
            if (postgres)
            {
                world._postgres = await PostgresDatabase.CreateAsync("tx_model");
            }

            await world.StartAsync();
            return world;
        }

        public async Task ApplyAsync(Op op)
        {
            if (op.Kind == Kind.Begin || _txs.Count == 0)
            {
                await BeginAsync(op);
                return;
            }

            var tx = _txs[op.Tx % _txs.Count];
            switch (op.Kind)
            {
                case Kind.Register:
                    await RegisterAsync(tx, op.Branch);
                    break;
                case Kind.Report:
                    if (tx.BranchesByKey.Count > 0)
                    {
                        var branchId = tx.BranchesByKey.Values.ElementAt(op.Branch % tx.BranchesByKey.Count);
                        await Tolerate(() => _engine.Coordinator.ReportBranchAsync(tx.Xid, branchId, failed: op.Arg == 0, "model", _life.Token));
                    }

                    break;
                case Kind.Commit:
                    await Answer(tx, () => _engine.Coordinator.CommitAsync(tx.Xid, returnAfterDecision: op.Arg == 1, null, _life.Token));
                    break;
                case Kind.Rollback:
                    await Answer(tx, () => _engine.Coordinator.RollbackAsync(tx.Xid, "model", returnAfterDecision: op.Arg == 1, null, _life.Token));
                    break;
                case Kind.Advance:
                    _time.Advance(op.Arg switch { 0 => TimeSpan.FromMilliseconds(500), 1 => TimeSpan.FromSeconds(2), _ => TimeSpan.FromSeconds(11) });
                    await Tolerate(() => _engine.Recovery.PollOnceAsync(_life.Token));
                    break;
                case Kind.FailParticipants:
                    _failuresLeft = op.Arg switch { 0 => 1, 1 => 3, _ => 10 };
                    break;
                case Kind.Crash:
                    await RestartAsync();
                    break;
                case Kind.CrashMidPhaseTwo:
                    var life = _life;
                    _engine.Invoker.After = (_, _) => life.Cancel(); // dies right after the first phase-2 call of this round
                    await Answer(tx, () => op.Arg == 0
                        ? _engine.Coordinator.RollbackAsync(tx.Xid, "model", false, null, life.Token)
                        : _engine.Coordinator.CommitAsync(tx.Xid, false, null, life.Token));
                    await RestartAsync();
                    break;
            }

            await ObserveAsync();
        }

        /// <summary>Participants healthy, time moving: every transaction must reach its end.</summary>
        public async Task DrainAsync()
        {
            _failuresLeft = 0;
            for (var round = 0; round < 60 && !await AllTerminalAsync(); round++)
            {
                _time.Advance(TimeSpan.FromSeconds(11));
                await Tolerate(() => _engine.Recovery.ReclaimOwnAsync(_life.Token));
                await Tolerate(() => _engine.Recovery.PollOnceAsync(_life.Token));
                await Task.Delay(10);
                await ObserveAsync();
            }
        }

        public async Task CheckAsync()
        {
            foreach (var tx in _txs)
            {
                var snapshot = await _engine.Coordinator.GetAsync(tx.Xid, CancellationToken.None);
                var final = snapshot.Transaction.Status;
                tx.Seen.Add(final);
                var committedSide = tx.Seen.Any(s => s is GlobalStatus.Committing or GlobalStatus.Committed);
                var rolledBackSide = tx.Seen.Any(s => s is GlobalStatus.RollingBack or GlobalStatus.RolledBack);
                Expect(!(committedSide && rolledBackSide), $"xid {tx.Xid}: decision flipped, seen {string.Join(" > ", tx.Seen)}");
                Expect(final is GlobalStatus.Committed or GlobalStatus.RolledBack, $"xid {tx.Xid}: ended {final}, not terminal");
                var calls = _calls.Where(c => c.Xid == tx.Xid).ToList();
                foreach (var branch in snapshot.Branches)
                {
                    var mine = calls.Where(c => c.BranchId == branch.BranchId).ToList();
                    Expect(!(mine.Any(c => c.Action == BranchAction.Confirm) && mine.Any(c => c.Action == BranchAction.Cancel)), $"xid {tx.Xid} branch {branch.BranchId}: both Confirm and Cancel were called");
                    if (final == GlobalStatus.Committed)
                    {
                        Expect(branch.Status == BranchStatus.Confirmed && mine.Any(c => c.Action == BranchAction.Confirm && c.Succeeded), $"xid {tx.Xid} branch {branch.BranchId}: committed but {branch.Status}");
                    }
                    else
                    {
                        Expect(mine.All(c => c.Action == BranchAction.Cancel), $"xid {tx.Xid} branch {branch.BranchId}: rolled back but confirmed");
                        Expect(branch.Status is BranchStatus.Cancelled or BranchStatus.PhaseOneFailed, $"xid {tx.Xid} branch {branch.BranchId}: rolled back but {branch.Status}");
                    }
                }

                Expect(tx.BranchesByKey.Values.Order().SequenceEqual(snapshot.Branches.Select(b => b.BranchId).Order()), $"xid {tx.Xid}: stored branches {string.Join(",", snapshot.Branches.Select(b => b.BranchId))} differ from the answered ones {string.Join(",", tx.BranchesByKey.Values)}");
            }

            Assert.True(_violations.Count == 0, string.Join("\n", _violations.Distinct()));
        }

        public async ValueTask DisposeAsync()
        {
            await _life.CancelAsync();
            await _engine.DisposeAsync();
            _life.Dispose();
            if (_postgres is not null)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await _postgres.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_database) + "*"))
            {
                File.Delete(file);
            }
        }

        private async Task BeginAsync(Op op)
        {
            if (op.Arg == 2 && _txs.Count > 0)
            {
                // A replayed Begin (its answer was lost): the same transaction, never a second one.
                var first = _txs[op.Tx % _txs.Count];
                var again = await _engine.Coordinator.BeginAsync(new BeginCommand("model", 30_000, first.Key, "model"), _life.Token);
                Expect(again.Transaction.Xid == first.Xid && again.Existing, $"Begin replay with key {first.Key} answered xid {again.Transaction.Xid}, existing {again.Existing}; first was {first.Xid}");
                return;
            }

            var key = $"begin-{_txs.Count}";
            var begun = await _engine.Coordinator.BeginAsync(new BeginCommand("model", op.Arg == 0 ? 1_000 : 30_000, key, "model"), _life.Token);
            _txs.Add(new TxModel(begun.Transaction.Xid, key));
        }

        private async Task RegisterAsync(TxModel tx, int branch)
        {
            var key = $"branch-{branch}";
            var decidedBefore = tx.DecisionSeen;
            try
            {
                var branchId = await _engine.Coordinator.RegisterBranchAsync(
                    new RegisterBranchCommand(tx.Xid, $"r{branch}", "reserve", BranchType.Tcc, "http://127.0.0.1:1", ParticipantProtocol.Grpc, "{}", key),
                    _life.Token);
                if (tx.BranchesByKey.TryGetValue(key, out var earlier))
                {
                    Expect(earlier == branchId, $"xid {tx.Xid}: registration replay with key {key} answered branch {branchId}, first {earlier}");
                }
                else
                {
                    Expect(!decidedBefore, $"xid {tx.Xid}: branch {branchId} registered after the decision ({string.Join(" > ", tx.Seen)})");
                    tx.BranchesByKey[key] = branchId;
                }
            }
            catch (TransactionStateException)
            {
                // After the decision or the deadline: refused, as it must be.
            }
        }

        private async Task Answer(TxModel tx, Func<Task<GlobalStatus>> call)
        {
            try
            {
                tx.Seen.Add(await call());
            }
            catch (TransactionStateException)
            {
                // Committing a rolled-back transaction (or the reverse) is refused; the observation below records the state.
            }
            catch (OperationCanceledException) when (_life.IsCancellationRequested)
            {
                // The "process" died during the call: the caller got no answer.
            }
        }

        private async Task Tolerate(Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (Exception ex) when (ex is TransactionStateException || (ex is OperationCanceledException && _life.IsCancellationRequested))
            {
            }
        }

        private async Task ObserveAsync()
        {
            foreach (var tx in _txs)
            {
                if ((await _engine.Store.FindAsync(tx.Xid, CancellationToken.None)) is { } stored)
                {
                    tx.Seen.Add(stored.Status);
                }
            }
        }

        private async Task<bool> AllTerminalAsync()
        {
            foreach (var tx in _txs)
            {
                if ((await _engine.Store.FindAsync(tx.Xid, CancellationToken.None))?.Status is not (GlobalStatus.Committed or GlobalStatus.RolledBack))
                {
                    return false;
                }
            }

            return true;
        }

        private async Task StartAsync()
        {
            _engine = await EngineFixture.CreateAsync(_database, _time, instanceId: "A", workerId: _worker++, postgresConnectionString: _postgres?.ConnectionString);
            _engine.Invoker.Script = (branch, action, _) =>
            {
                var fail = _failuresLeft > 0 && Interlocked.Decrement(ref _failuresLeft) >= 0;
                lock (_calls)
                {
                    _calls.Add((branch.Xid, branch.BranchId, action, !fail));
                }

                return fail ? BranchCallResult.Failure("model: participant down") : BranchCallResult.Success;
            };
            await Tolerate(() => _engine.Recovery.ReclaimOwnAsync(_life.Token));
        }

        /// <summary>The coordinator process dies (its calls in flight are cancelled) and starts again on the same database.</summary>
        private async Task RestartAsync()
        {
            await _life.CancelAsync();
            await _engine.DisposeAsync();
            _life.Dispose();
            _life = new CancellationTokenSource();
            await StartAsync();
        }

        private void Expect(bool condition, string violation)
        {
            if (!condition)
            {
                _violations.Add(violation);
            }
        }
    }
}
