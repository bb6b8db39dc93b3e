using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Dispatch;

/// <summary>Ack-driven redelivery on the schedule (60 s, 300 s in the harness), dead letters, requeue and discard.</summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync();
        await _harness.Sut.SubscribeAsync("group-a", ["orders"], null, default);
        await _harness.Sut.SubscribeAsync("group-b", ["orders"], null, default);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Poll_GroupAAckedGroupBNot_RedeliversOnlyToBAfterItsAckTimeout()
    {
        var id = await PublishedAsync();
        await _harness.Sut.AckAsync("group-a", [id], default);

        _harness.Clock.Advance(TimeSpan.FromSeconds(59));
        await _harness.PollAsync();
        var early = _harness.Transport.Sent.Count;
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await _harness.PollAsync();

        Assert.Equal(1, early);
        var redelivery = _harness.Transport.Sent.Last();
        Assert.False(redelivery.Broadcast);
        Assert.Equal("group-b", Assert.Single(redelivery.Targets).ConsumerGroup);
        Assert.Equal("group-b", redelivery.Envelope.TargetGroup);
        Assert.Equal(2, redelivery.Envelope.Attempt);
        var b = (await _harness.Sut.GetAsync(id, default)).Deliveries.Single(d => d.ConsumerGroup == "group-b");
        Assert.Equal(2, b.Attempts);
        Assert.Equal(_harness.Clock.GetUtcNow().ToUnixTimeMilliseconds() + 300_000, b.NextAttemptUnixMs);
    }

    [Fact]
    public async Task Poll_AfterTheLastAttemptsTimeout_DeadLetterThenRequeueDeliversAgain()
    {
        var id = await PublishedAsync();
        await _harness.Sut.AckAsync("group-a", [id], default);
        _harness.Clock.Advance(TimeSpan.FromSeconds(61));
        await _harness.PollAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(301));

        await _harness.PollAsync();
        var dead = await _harness.Sut.ListDeadLettersAsync(null, null, null, null, 10, default);
        var sentBeforeRequeue = _harness.Transport.Sent.Count;
        var requeued = await _harness.Sut.RequeueAsync(id, "group-b", "consumer fixed", "ops", default);
        await _harness.PollAsync();
        var b = (await _harness.Sut.GetAsync(id, default)).Deliveries.Single(d => d.ConsumerGroup == "group-b");

        var letter = Assert.Single(dead);
        Assert.Equal(("group-b", 2), (letter.ConsumerGroup, letter.Attempts));
        Assert.Equal(2, sentBeforeRequeue);
        Assert.Equal(DeliveryStatus.Pending, requeued);
        Assert.Equal(3, _harness.Transport.Sent.Count);
        Assert.Equal(1, _harness.Transport.Sent.Last().Envelope.Attempt);
        Assert.Equal((DeliveryStatus.Delivered, 1), (b.Status, b.Attempts));
        var events = await _harness.Sut.GetEventsAsync(id, default);
        Assert.Equal([MessageEventKinds.DeadLettered, MessageEventKinds.Requeued], events.Select(e => e.Kind));
    }

    [Fact]
    public async Task DiscardAsync_DeadLetter_IsNeverDeliveredAgain()
    {
        var id = await PublishedAsync();
        await _harness.Sut.AckAsync("group-a", [id], default);
        await _harness.Sut.AckAsync("group-b", [id], default);
        var other = await PublishedAsync();
        await _harness.Sut.AckAsync("group-a", [other], default);
        _harness.Clock.Advance(TimeSpan.FromSeconds(61));
        await _harness.PollAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(301));
        await _harness.PollAsync();

        var status = await _harness.Sut.DiscardAsync(other, "group-b", "obsolete order", "ops", default);
        _harness.Clock.Advance(TimeSpan.FromHours(10));
        var sent = _harness.Transport.Sent.Count;
        await _harness.PollAsync();

        Assert.Equal(DeliveryStatus.Discarded, status);
        Assert.Equal(sent, _harness.Transport.Sent.Count);
        Assert.Empty(await _harness.Sut.ListDeadLettersAsync(null, null, null, null, 10, default));
    }

    [Fact]
    public async Task Poll_LateAckOfADeadLetter_IsAccepted()
    {
        var id = await PublishedAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(61));
        await _harness.PollAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(301));
        await _harness.PollAsync();

        var acked = await _harness.Sut.AckAsync("group-b", [id], default);

        Assert.Equal(1, acked);
        Assert.Equal(["group-a"], (await _harness.Sut.ListDeadLettersAsync(null, null, null, null, 10, default)).Select(d => d.ConsumerGroup));
    }

    [Fact]
    public async Task Poll_TransportFailsARedelivery_RetriedSoonWithoutCountingTheAttempt()
    {
        var id = await PublishedAsync();
        await _harness.Sut.AckAsync("group-a", [id], default);
        _harness.Transport.Answer = (item, _) => item.Broadcast ? SendResult.Sent : SendResult.Failed;
        _harness.Clock.Advance(TimeSpan.FromSeconds(61));

        await _harness.PollAsync();
        var b = (await _harness.Sut.GetAsync(id, default)).Deliveries.Single(d => d.ConsumerGroup == "group-b");

        Assert.Equal(1, b.Attempts);
        Assert.Equal(DeliveryStatus.Delivered, b.Status);
        Assert.Equal(_harness.Clock.GetUtcNow().ToUnixTimeMilliseconds() + 1_000, b.NextAttemptUnixMs);
        Assert.Equal("fake failure", b.LastError);
    }

    [Fact]
    public async Task Publish_TransportFails_MessageStaysCommittedAndIsRetriedWithBackoff()
    {
        _harness.Transport.Answer = (_, _) => SendResult.Failed;
        var id = await _harness.PrepareAsync();
        await _harness.Sut.CommitAsync(id, default);

        await _harness.PublishQueuedAsync();
        var afterFirst = (await _harness.Sut.GetAsync(id, default)).Message;
        _harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await _harness.PollAsync();
        var afterSecond = (await _harness.Sut.GetAsync(id, default)).Message;
        var secondPollAt = _harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        _harness.Transport.Answer = (_, _) => SendResult.Sent;
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await _harness.PollAsync();
        var afterThird = await _harness.Sut.GetAsync(id, default);

        Assert.Equal((MessageStatus.Committed, 1), (afterFirst.Status, afterFirst.PublishAttempts));
        Assert.Equal((MessageStatus.Committed, 2), (afterSecond.Status, afterSecond.PublishAttempts));
        Assert.Equal(secondPollAt + 2_000, afterSecond.NextAttemptUnixMs);
        Assert.Equal(MessageStatus.Published, afterThird.Message.Status);
        Assert.All(afterThird.Deliveries, d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task Publish_PushStyleOutcomes_AcknowledgedAndRejectedRowsRecorded()
    {
        _harness.Transport.PerGroup = true;
        _harness.Transport.Answer = (_, target) => target!.ConsumerGroup == "group-a" ? SendResult.Acknowledged : SendResult.Rejected;
        var id = await _harness.PrepareAsync();
        await _harness.Sut.CommitAsync(id, default);

        await _harness.PublishQueuedAsync();
        var deliveries = (await _harness.Sut.GetAsync(id, default)).Deliveries;

        Assert.Equal(DeliveryStatus.Acked, deliveries.Single(d => d.ConsumerGroup == "group-a").Status);
        var b = deliveries.Single(d => d.ConsumerGroup == "group-b");
        Assert.Equal((DeliveryStatus.Delivered, 1, "fake failure"), (b.Status, b.Attempts, b.LastError));
    }

    private async Task<long> PublishedAsync()
    {
        var id = await _harness.PrepareAsync();
        await _harness.Sut.CommitAsync(id, default);
        Assert.Equal(1, await _harness.PublishQueuedAsync());
        return id;
    }
}
