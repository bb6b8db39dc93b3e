using System.Collections.Concurrent;
using Google.Protobuf;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Transport;

/// <summary>
/// The transport contract, written once: the service side's <see cref="IMessageTransport"/> carries envelopes to
/// consumer groups running the consumer SDK (handlers with the inbox in PostgreSQL). Each transport's subclass
/// says how to make the service-side transport and how consumers receive. "Acknowledged" means: the push answer
/// said so, or the consumer SDK sent the ack to the service.
/// </summary>
public abstract class TransportComplianceTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly ConcurrentBag<SendOutcome> _outcomes = [];
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private IMessageTransport _sut = null!;
    private RecordingAcknowledger _acks = null!;

    protected string Topic => $"transport-{_suffix}";

    protected string GroupA => $"ta-{_suffix}";

    protected string GroupB => $"tb-{_suffix}";

    /// <summary>The consumer transport the SDK uses with this service-side transport.</summary>
    protected abstract ConsumerTransport ConsumerTransport { get; }

    public Task InitializeAsync()
    {
        _sut = CreateTransport();
        _acks = new RecordingAcknowledger(_sut.GetRetryAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        (_sut as IDisposable)?.Dispose();
    }

    [EnvironmentFact]
    public async Task SendAsync_Broadcast_EveryGroupProcessesTheEnvelopeOnceAndAcknowledges()
    {
        var (a, targetA) = await StartConsumerAsync(GroupA);
        var (b, targetB) = await StartConsumerAsync(GroupB);
        var envelope = Envelope(11, "order-11", attempt: 1, targetGroup: null);

        await SendAsync(new OutgoingMessage(envelope, [targetA, targetB], Broadcast: true));

        await Eventually.WaitAsync(() => Task.FromResult(Acknowledged(GroupA, 11) && Acknowledged(GroupB, 11)), Patience, "both groups acknowledged");
        Assert.Equal([1], a.Log.AttemptsOf(11));
        Assert.Equal([1], b.Log.AttemptsOf(11));
        Assert.Equal(1, await a.ShipmentCountAsync(11));
        var shipment = Assert.Single(await b.Database.ReadAsync(db => db.Shipments));
        Assert.Equal("order-11", shipment.OrderId);
        Assert.DoesNotContain(_outcomes, o => o.Result is SendResult.Failed or SendResult.Rejected);
    }

    [EnvironmentFact]
    public async Task SendAsync_Redelivery_OnlyTheTargetGroupReceivesIt()
    {
        var (a, targetA) = await StartConsumerAsync(GroupA);
        var (b, targetB) = await StartConsumerAsync(GroupB);

        await SendAsync(new OutgoingMessage(Envelope(21, "order-21", attempt: 2, targetGroup: GroupB), [targetB], Broadcast: false));
        await Eventually.WaitAsync(() => Task.FromResult(Acknowledged(GroupB, 21)), Patience, "the target group acknowledged");
        await SendAsync(new OutgoingMessage(Envelope(22, "order-22", attempt: 1, targetGroup: null), [targetA, targetB], Broadcast: true));
        await Eventually.WaitAsync(() => Task.FromResult(Acknowledged(GroupA, 22)), Patience, "a later broadcast reached the other group");

        Assert.Equal([2], b.Log.AttemptsOf(21));
        Assert.Empty(a.Log.AttemptsOf(21));
        Assert.False(Acknowledged(GroupA, 21));
    }

    [EnvironmentFact]
    public async Task SendAsync_HandlerFails_ThatGroupDoesNotAcknowledge()
    {
        var (_, targetA) = await StartConsumerAsync(GroupA);
        var (b, targetB) = await StartConsumerAsync(GroupB);
        b.Log.Fail = true;

        await SendAsync(new OutgoingMessage(Envelope(31, "order-31", attempt: 1, targetGroup: null), [targetA, targetB], Broadcast: true));

        await Eventually.WaitAsync(() => Task.FromResult(Acknowledged(GroupA, 31) && b.Log.AttemptsOf(31).Count > 0), Patience, "A acknowledged and B tried");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(Acknowledged(GroupB, 31));
        Assert.Equal(0, await b.ShipmentCountAsync(31));
    }

    [EnvironmentFact]
    public async Task SendAsync_ABatch_EveryMessageArrivesExactlyOnceWithItsPayload()
    {
        var (a, targetA) = await StartConsumerAsync(GroupA);
        var batch = Enumerable.Range(100, 60)
            .Select(i => new OutgoingMessage(Envelope(i, $"order-{i}", attempt: 1, targetGroup: null), [targetA], Broadcast: true))
            .ToList();

        await SendAsync([.. batch]);

        await Eventually.WaitAsync(() => Task.FromResult(Enumerable.Range(100, 60).All(i => Acknowledged(GroupA, i))), Patience, "all 60 acknowledged");
        var shipped = await a.Database.ReadAsync(db => db.Shipments.OrderBy(s => s.MessageId));
        Assert.Equal(Enumerable.Range(100, 60).Select(i => (long)i), shipped.Select(s => s.MessageId));
        Assert.All(shipped, s => Assert.Equal($"order-{s.MessageId}", s.OrderId));
    }

    /// <summary>The service-side transport under test.</summary>
    protected abstract IMessageTransport CreateTransport();

    private static MessageEnvelope Envelope(long id, string key, int attempt, string? targetGroup) => new()
    {
        MessageId = id,
        Topic = string.Empty,
        Key = key,
        ProducerGroup = "orders-service",
        Attempt = attempt,
        CreatedUnixMs = 1,
        CommittedUnixMs = 2,
        SentUnixMs = 3,
        Payload = ByteString.CopyFromUtf8(key),
        TargetGroup = targetGroup ?? string.Empty,
    };

    private bool Acknowledged(string group, long id) =>
        _outcomes.Any(o => o.MessageId == id && o.ConsumerGroup == group && o.Result == SendResult.Acknowledged)
        || (_acks.Acks.TryGetValue(group, out var acked) && acked.Contains(id));

    private async Task SendAsync(params OutgoingMessage[] batch)
    {
        foreach (var item in batch)
        {
            item.Envelope.Topic = Topic;
        }

        foreach (var outcome in await _sut.SendAsync(batch, default))
        {
            _outcomes.Add(outcome);
        }
    }

    private async Task<(ConsumerApp App, DeliveryTarget Target)> StartConsumerAsync(string group)
    {
        var database = await ShopDatabase.CreateAsync("rm_transport");
        _cleanup.Add(database);
        var app = await ConsumerApp.StartAsync("http://127.0.0.1:1", database, group, Topic, ConsumerTransport, acknowledger: _acks);
        _cleanup.Add(app);
        await app.WaitAssignedAsync();
        return (app, new DeliveryTarget(group, ConsumerTransport == ConsumerTransport.Push ? app.PushEndpoint : null));
    }
}
