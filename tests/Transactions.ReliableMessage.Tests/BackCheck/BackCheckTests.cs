using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.BackCheck;

/// <summary>Back-checks of messages left prepared (check delay 10 s in the harness).</summary>
public sealed class BackCheckTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await EngineHarness.CreateAsync(o =>
        {
            o.MaxCheckAttempts = 3;
            o.CheckRetryInitialBackoff = TimeSpan.FromSeconds(5);
        });
        await _harness.Sut.SubscribeAsync("warehouse", ["orders"], null, default);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Poll_BeforeTheCheckDelay_DoesNotAsk()
    {
        await _harness.PrepareAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(9));

        await _harness.PollAsync();

        Assert.Equal(0, _harness.Checker.Calls);
    }

    [Fact]
    public async Task Poll_ProducerAnswersCommit_MessageIsCommittedAndPublished()
    {
        var id = await _harness.PrepareAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));

        await _harness.PollAsync();
        await _harness.PublishQueuedAsync();
        var snapshot = await _harness.Sut.GetAsync(id, default);

        Assert.Equal(MessageStatus.Published, snapshot.Message.Status);
        Assert.Equal(id, Assert.Single(_harness.Transport.Sent).Envelope.MessageId);
        Assert.Contains(await _harness.Sut.GetEventsAsync(id, default), e => e.Kind == MessageEventKinds.CheckCommitted);
    }

    [Fact]
    public async Task Poll_ProducerAnswersRollback_MessageIsRolledBackAndNeverDelivered()
    {
        _harness.Checker.Answer = _ => false;
        var id = await _harness.PrepareAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));

        await _harness.PollAsync();
        _harness.Clock.Advance(TimeSpan.FromHours(2));
        await _harness.PollAsync();
        await _harness.PublishQueuedAsync();

        Assert.Equal(MessageStatus.RolledBack, (await _harness.Sut.GetAsync(id, default)).Message.Status);
        Assert.Empty(_harness.Transport.Sent);
        Assert.Equal(1, _harness.Checker.Calls);
    }

    [Fact]
    public async Task Poll_NoAnswer_RetriesWithBackoffThenParksNeverDiscards()
    {
        _harness.Checker.Answer = _ => null;
        var id = await _harness.PrepareAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));

        await _harness.PollAsync();
        var afterFirst = (await _harness.Sut.GetAsync(id, default)).Message;
        _harness.Clock.Advance(TimeSpan.FromSeconds(4));
        await _harness.PollAsync();
        var callsBeforeBackoff = _harness.Checker.Calls;
        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await _harness.PollAsync();
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        await _harness.PollAsync();
        var parked = await _harness.Sut.ListParkedAsync(null, null, 10, default);
        _harness.Clock.Advance(TimeSpan.FromHours(1));
        await _harness.PollAsync();

        Assert.Equal((MessageStatus.Prepared, 1), (afterFirst.Status, afterFirst.CheckAttempts));
        Assert.Equal(1, callsBeforeBackoff);
        Assert.Equal(3, _harness.Checker.Calls);
        Assert.Equal(id, Assert.Single(parked).MessageId);
        Assert.Equal(MessageStatus.Parked, (await _harness.Sut.GetAsync(id, default)).Message.Status);
        Assert.Contains(await _harness.Sut.GetEventsAsync(id, default), e => e.Kind == MessageEventKinds.Parked);
    }

    [Fact]
    public async Task Poll_NoCheckEndpoint_ParksAtOnce()
    {
        var id = await _harness.PrepareAsync(checkEndpoint: null);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));

        await _harness.PollAsync();

        Assert.Equal(MessageStatus.Parked, (await _harness.Sut.GetAsync(id, default)).Message.Status);
        Assert.Equal(0, _harness.Checker.Calls);
    }

    [Fact]
    public async Task ResolveParkedAsync_Commit_PublishesWithAnAuditEvent()
    {
        var id = await _harness.PrepareAsync(checkEndpoint: null);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        await _harness.PollAsync();

        var status = await _harness.Sut.ResolveParkedAsync(id, commit: true, "checked the order table by hand", "alice", default);
        await _harness.PublishQueuedAsync();

        Assert.Equal(MessageStatus.Committed, status);
        Assert.Single(_harness.Transport.Sent);
        var audit = (await _harness.Sut.GetEventsAsync(id, default)).Last();
        Assert.Equal((MessageEventKinds.AdminCommitted, "alice", "checked the order table by hand"), (audit.Kind, audit.Actor, audit.Detail));
    }

    [Fact]
    public async Task CommitAsync_LateProducerCommitOfAParkedMessage_IsAccepted()
    {
        var id = await _harness.PrepareAsync(checkEndpoint: null);
        _harness.Clock.Advance(TimeSpan.FromSeconds(11));
        await _harness.PollAsync();

        var status = await _harness.Sut.CommitAsync(id, default);

        Assert.Equal(MessageStatus.Committed, status);
    }
}
