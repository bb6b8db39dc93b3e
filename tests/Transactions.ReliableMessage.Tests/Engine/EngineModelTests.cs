using CsCheck;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Tests.Infrastructure;
using Transactions.Testing;

namespace Transactions.ReliableMessage.Tests.Engine;

/// <summary>
/// Model-based test of the reliable-message engine (CsCheck): random sequences of Prepare (with replayed producer
/// keys), Commit, Rollback (duplicated, in any order), publishing, acknowledgements by two consumer groups, time passing
/// past check delays, ack deadlines and leases, producers answering back-checks either way or not at all, a failing
/// transport, and crash-restarts of the service (what it held in memory is lost, the database stays), on a real
/// store (SQLite, and PostgreSQL where it runs: CI). After each run everything is driven to an end and checked against what callers were told: a message's
/// decision never flips, every message ends published, rolled back or parked, nothing committed is left unsent and
/// nothing rolled back or parked is ever sent, replays answer the first message, and a group that acknowledged never
/// gets a redelivery of that message. A failure prints the seed (CsCheck); run it again with <c>CsCheck_Seed=&lt;seed&gt;</c>.
/// </summary>
public sealed class EngineModelTests
{
    private const int Iterations = 25;
    private static readonly string[] Groups = ["group-a", "group-b"];

    private enum Kind
    {
        Prepare,
        Commit,
        Rollback,
        Publish,
        Ack,
        Advance,
        ProducerAnswers,
        TransportFails,
        FastConsumers,
        Crash,
    }

    [Fact]
    public Task Sqlite_RandomOperationsWithCrashes_DecisionsNeverFlip_CommittedSentRolledBackNever_AckedNeverRedelivered() => SampleAsync(postgres: false);

    [PostgresFact]
    public Task PostgreSql_RandomOperationsWithCrashes_DecisionsNeverFlip_CommittedSentRolledBackNever_AckedNeverRedelivered() => SampleAsync(postgres: true);

    private static async Task SampleAsync(bool postgres)
    {
        var op = Gen.Select(
            Gen.Frequency(
                (6, Gen.Const(Kind.Prepare)),
                (5, Gen.Const(Kind.Commit)),
                (2, Gen.Const(Kind.Rollback)),
                (4, Gen.Const(Kind.Publish)),
                (4, Gen.Const(Kind.Ack)),
                (4, Gen.Const(Kind.Advance)),
                (2, Gen.Const(Kind.ProducerAnswers)),
                (2, Gen.Const(Kind.TransportFails)),
                (2, Gen.Const(Kind.FastConsumers)),
                (1, Gen.Const(Kind.Crash))),
            Gen.Int[0, 5],
            Gen.Int[0, 3],
            (kind, target, arg) => new Op(kind, target, arg));
        await op.Array[4, 40].SampleAsync(ops => RunAsync(ops, postgres), iter: Iterations, threads: 1, print: ops => string.Join(" ", ops.Select(o => o.ToString())));
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

    private sealed record Op(Kind Kind, int Target, int Arg)
    {
        public override string ToString() => $"{Kind}({Target},{Arg})";
    }

    /// <summary>What callers were told about one message.</summary>
    private sealed class MessageModel(long id, string? producerKey)
    {
        public long Id { get; } = id;

        public string? ProducerKey { get; } = producerKey;

        public List<MessageStatus> Seen { get; } = [];

        /// <summary>Per group: how many sends the transport had seen when the group's delivery was first seen Acked.</summary>
        public Dictionary<string, int> AckedAtSend { get; } = [];
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly SqliteFile _file = new();
        private PostgresDatabase? _postgres;
        private readonly List<MessageModel> _messages = [];
        private readonly List<string> _violations = [];
        private EngineHarness _harness = null!;
        private int _transportFailures;
        private bool _fastConsumers;

        public static async Task<World> CreateAsync(bool postgres)
        {
            var world = new World();
            if (postgres)
            {
                world._postgres = await PostgresDatabase.CreateAsync("rm_model");
            }

            world._harness = await EngineHarness.CreateOnAsync(world._file, postgresConnectionString: world._postgres?.ConnectionString);
            foreach (var group in Groups)
            {
                await world._harness.Sut.SubscribeAsync(group, ["orders"], null, default);
            }

            world._harness.Transport.Answer = world.Send;
            return world;
        }

        public async Task ApplyAsync(Op op)
        {
            if (op.Kind == Kind.Prepare || _messages.Count == 0)
            {
                await PrepareAsync(op);
                await ObserveAsync();
                return;
            }

            var message = _messages[op.Target % _messages.Count];
            switch (op.Kind)
            {
                case Kind.Commit:
                    await Answer(message, () => _harness.Sut.CommitAsync(message.Id, default));
                    break;
                case Kind.Rollback:
                    await Answer(message, () => _harness.Sut.RollbackAsync(message.Id, "model", default));
                    break;
                case Kind.Publish:
                    await _harness.PublishQueuedAsync();
                    break;
                case Kind.Ack:
                    await AckAsync(Groups[op.Arg % Groups.Length], message.Id);
                    break;
                case Kind.Advance:
                    _harness.Clock.Advance(op.Arg switch { 0 => TimeSpan.FromSeconds(5), 1 => TimeSpan.FromSeconds(15), 2 => TimeSpan.FromSeconds(61), _ => TimeSpan.FromSeconds(301) });
                    await _harness.PollAsync();
                    break;
                case Kind.ProducerAnswers:
                    _harness.Checker.Answer = op.Arg switch { 0 => _ => true, 1 => _ => false, _ => _ => null };
                    break;
                case Kind.TransportFails:
                    _transportFailures = op.Arg + 1;
                    break;
                case Kind.FastConsumers:
                    _fastConsumers = op.Arg % 2 == 0;
                    break;
                case Kind.Crash:
                    _harness = await EngineHarness.RestartAsync(_harness);
                    _harness.Transport.Answer = Send;
                    break;
            }

            await ObserveAsync();
        }

        /// <summary>Producers answer, the transport works, both groups acknowledge whatever they get, time moves on.</summary>
        public async Task DrainAsync()
        {
            _transportFailures = 0;
            _harness.Checker.Answer = _ => true;
            for (var round = 0; round < 40; round++)
            {
                await _harness.PublishQueuedAsync();
                while (await _harness.PollAsync())
                {
                }

                await _harness.PublishQueuedAsync();
                await ObserveAsync();
                var published = _messages.Where(m => m.Seen.LastOrDefault() == MessageStatus.Published).Select(m => m.Id).ToList();
                foreach (var group in Groups)
                {
                    await _harness.Sut.AckAsync(group, published, default);
                }

                await ObserveAsync();
                if (_messages.All(m => m.Seen.LastOrDefault() is MessageStatus.RolledBack or MessageStatus.Parked
                    || (m.Seen.LastOrDefault() == MessageStatus.Published && Groups.All(g => m.AckedAtSend.ContainsKey(g)))))
                {
                    break;
                }

                _harness.Clock.Advance(TimeSpan.FromSeconds(31));
            }
        }

        public async Task CheckAsync()
        {
            var sent = _harness.Transport.Sent.ToArray();
            foreach (var message in _messages)
            {
                var snapshot = await _harness.Sut.GetAsync(message.Id, default);
                var final = snapshot.Message.Status;
                message.Seen.Add(final);
                var committedSide = message.Seen.Any(s => s is MessageStatus.Committed or MessageStatus.Published);
                Expect(!(committedSide && message.Seen.Contains(MessageStatus.RolledBack)), $"message {message.Id}: decision flipped, seen {string.Join(" > ", message.Seen)}");
                Expect(final is MessageStatus.Published or MessageStatus.RolledBack or MessageStatus.Parked, $"message {message.Id}: ended {final}");
                var sends = sent.Select((s, index) => (s, index)).Where(x => x.s.Envelope.MessageId == message.Id).ToList();
                if (final == MessageStatus.Published)
                {
                    Expect(sends.Count > 0, $"message {message.Id}: published but never sent");
                    Expect(snapshot.Deliveries.Select(d => d.ConsumerGroup).Order().SequenceEqual(Groups), $"message {message.Id}: deliveries for {string.Join(",", snapshot.Deliveries.Select(d => d.ConsumerGroup))}");
                    Expect(snapshot.Deliveries.All(d => d.Status is DeliveryStatus.Acked or DeliveryStatus.Dead), $"message {message.Id}: deliveries left {string.Join(",", snapshot.Deliveries.Select(d => $"{d.ConsumerGroup}={d.Status}"))}");
                }
                else
                {
                    Expect(sends.Count == 0, $"message {message.Id}: {final} but sent {sends.Count} times");
                }

                foreach (var (group, sendsBefore) in message.AckedAtSend)
                {
                    Expect(snapshot.Deliveries.Single(d => d.ConsumerGroup == group).Status == DeliveryStatus.Acked, $"message {message.Id}: {group}'s acknowledgement was lost");
                    var after = sends.Where(x => x.index >= sendsBefore && !x.s.Broadcast && x.s.Targets.Any(t => t.ConsumerGroup == group)).ToList();
                    Expect(after.Count == 0, $"message {message.Id}: redelivered to {group} after it acknowledged");
                }
            }

            Assert.True(_violations.Count == 0, string.Join("\n", _violations.Distinct()));
        }

        public async ValueTask DisposeAsync()
        {
            await _harness.DisposeAsync();
            _file.Dispose();
            if (_postgres is not null)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await _postgres.DisposeAsync();
            }
        }

        /// <summary>
        /// The transport: fails while failures are due; with fast consumers, the receiving groups acknowledge before
        /// the send returns (so the acknowledgement overtakes the service's bookkeeping of that send).
        /// </summary>
        private SendResult Send(OutgoingMessage message, DeliveryTarget? target)
        {
            if (_transportFailures > 0 && Interlocked.Decrement(ref _transportFailures) >= 0)
            {
                return SendResult.Failed;
            }

            if (_fastConsumers)
            {
                foreach (var group in target is null ? message.Targets.Select(t => t.ConsumerGroup) : [target.ConsumerGroup])
                {
                    AckAsync(group, message.Envelope.MessageId).GetAwaiter().GetResult();
                }
            }

            return SendResult.Sent;
        }

        /// <summary>An acknowledgement; once the service accepted it, that group's delivery must stay acknowledged.</summary>
        private async Task AckAsync(string group, long messageId)
        {
            if (await _harness.Sut.AckAsync(group, [messageId], default) > 0 && _messages.FirstOrDefault(m => m.Id == messageId) is { } message)
            {
                message.AckedAtSend.TryAdd(group, _harness.Transport.Sent.Count);
            }
        }

        private async Task PrepareAsync(Op op)
        {
            var key = op.Arg == 0 ? null : $"producer-key-{op.Target % 3}";
            var result = await _harness.Sut.PrepareAsync(new PrepareCommand("orders", "k", new byte[] { 1 }, "orders-service", key, "http://producer:5001"), default);
            var earlier = key is null ? null : _messages.FirstOrDefault(m => m.ProducerKey == key);
            if (earlier is not null)
            {
                Expect(result.Existing && result.Message.MessageId == earlier.Id, $"Prepare replay with key {key} answered {result.Message.MessageId} (existing {result.Existing}); first was {earlier.Id}");
                return;
            }

            Expect(!result.Existing, $"Prepare with a new key {key} answered an existing message {result.Message.MessageId}");
            _messages.Add(new MessageModel(result.Message.MessageId, key));
        }

        private static async Task Answer(MessageModel message, Func<Task<MessageStatus>> call)
        {
            try
            {
                message.Seen.Add(await call());
            }
            catch (MessageStateException)
            {
                // Commit after a rollback (or the reverse) is refused; the observation records the state.
            }
        }

        private async Task ObserveAsync()
        {
            var sends = _harness.Transport.Sent.Count;
            foreach (var message in _messages)
            {
                var snapshot = await _harness.Sut.GetAsync(message.Id, default);
                message.Seen.Add(snapshot.Message.Status);
                foreach (var delivery in snapshot.Deliveries.Where(d => d.Status == DeliveryStatus.Acked))
                {
                    message.AckedAtSend.TryAdd(delivery.ConsumerGroup, sends);
                }
            }
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
