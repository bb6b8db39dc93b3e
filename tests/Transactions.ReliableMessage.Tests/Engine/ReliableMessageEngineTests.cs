using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Engine;

public sealed class ReliableMessageEngineTests : IAsyncLifetime
{
    private EngineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("", "topic")]
    [InlineData("orders topic", "topic")]
    [InlineData("orders/x", "topic")]
    public async Task PrepareAsync_InvalidTopic_ThrowsNamingTheField(string topic, string field)
    {
        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() =>
            _harness.Sut.PrepareAsync(new PrepareCommand(topic, null, new byte[] { 1 }, "orders-service", null, null), default));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public async Task PrepareAsync_PayloadOverTheLimit_Refused()
    {
        await using var harness = await EngineHarness.CreateAsync(o => o.MaxPayloadBytes = 10);

        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() =>
            harness.Sut.PrepareAsync(new PrepareCommand("orders", null, new byte[11], "orders-service", null, null), default));

        Assert.Equal("payload", ex.Field);
    }

    [Fact]
    public async Task PrepareAsync_RelativeCheckEndpoint_Refused()
    {
        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() =>
            _harness.Sut.PrepareAsync(new PrepareCommand("orders", null, new byte[1], "orders-service", null, "orders:5001"), default));

        Assert.Equal("check_endpoint", ex.Field);
    }

    [Fact]
    public async Task PrepareAsync_SameProducerKey_ReturnsTheSameMessageAsExisting()
    {
        var first = await _harness.Sut.PrepareAsync(new PrepareCommand("orders", null, new byte[1], "orders-service", "order-42", null), default);

        var second = await _harness.Sut.PrepareAsync(new PrepareCommand("orders", null, new byte[1], "orders-service", "order-42", null), default);

        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Equal(first.Message.MessageId, second.Message.MessageId);
    }

    [Fact]
    public async Task CommitAsync_Prepared_CommitsAndPublishesToSubscribedGroups()
    {
        await _harness.Sut.SubscribeAsync("warehouse", ["orders"], null, default);
        await _harness.Sut.SubscribeAsync("billing", ["orders"], null, default);
        var id = await _harness.PrepareAsync();

        var status = await _harness.Sut.CommitAsync(id, default);
        var published = await _harness.PublishQueuedAsync();
        var snapshot = await _harness.Sut.GetAsync(id, default);

        Assert.Equal(MessageStatus.Committed, status);
        Assert.Equal(1, published);
        Assert.Equal(MessageStatus.Published, snapshot.Message.Status);
        Assert.Equal(["billing", "warehouse"], snapshot.Deliveries.Select(d => d.ConsumerGroup));
        Assert.All(snapshot.Deliveries, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        var sent = Assert.Single(_harness.Transport.Sent);
        Assert.True(sent.Broadcast);
        Assert.Equal(1, sent.Envelope.Attempt);
        Assert.Equal(id, sent.Envelope.MessageId);
        Assert.Equal("orders-service", sent.Envelope.ProducerGroup);
    }

    [Fact]
    public async Task CommitAsync_Twice_IsIdempotent()
    {
        var id = await _harness.PrepareAsync();
        await _harness.Sut.CommitAsync(id, default);
        await _harness.PublishQueuedAsync();

        var again = await _harness.Sut.CommitAsync(id, default);

        Assert.Equal(MessageStatus.Published, again);
        Assert.Single(_harness.Transport.Sent);
    }

    [Fact]
    public async Task CommitAsync_UnknownId_NotFound()
    {
        await Assert.ThrowsAsync<MessageNotFoundException>(() => _harness.Sut.CommitAsync(123_456_789, default));
    }

    [Fact]
    public async Task CommitAsync_RolledBack_FailedPrecondition()
    {
        var id = await _harness.PrepareAsync();
        await _harness.Sut.RollbackAsync(id, "changed my mind", default);

        var ex = await Assert.ThrowsAsync<MessageStateException>(() => _harness.Sut.CommitAsync(id, default));

        Assert.Equal(nameof(MessageStatus.RolledBack), ex.Status);
    }

    [Fact]
    public async Task RollbackAsync_Committed_FailedPreconditionAndTwiceIsIdempotent()
    {
        var committed = await _harness.PrepareAsync();
        await _harness.Sut.CommitAsync(committed, default);
        var rolledBack = await _harness.PrepareAsync();

        await Assert.ThrowsAsync<MessageStateException>(() => _harness.Sut.RollbackAsync(committed, null, default));
        await _harness.Sut.RollbackAsync(rolledBack, null, default);
        var again = await _harness.Sut.RollbackAsync(rolledBack, null, default);

        Assert.Equal(MessageStatus.RolledBack, again);
    }

    [Fact]
    public async Task AckAsync_TooManyIds_Refused()
    {
        var ids = Enumerable.Range(1, RequestLimits.AckBatch + 1).Select(i => (long)i).ToArray();

        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() => _harness.Sut.AckAsync("warehouse", ids, default));

        Assert.Equal("message_ids", ex.Field);
    }

    [Fact]
    public async Task SubscribeAsync_ReturnsTheTransportsRetryAddress()
    {
        var retry = await _harness.Sut.SubscribeAsync("warehouse", ["orders", "orders"], null, default);

        Assert.Equal("retry.warehouse", retry);
    }

    [Fact]
    public async Task SubscribeAsync_NoTopics_Refused()
    {
        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() => _harness.Sut.SubscribeAsync("warehouse", [], null, default));

        Assert.Equal("topics", ex.Field);
    }

    [Fact]
    public async Task RequeueAsync_WithoutReason_Refused()
    {
        var ex = await Assert.ThrowsAsync<InvalidMessageRequestException>(() => _harness.Sut.RequeueAsync(1, "warehouse", " ".Trim(), null, default));

        Assert.Equal("reason", ex.Field);
    }

    [Fact]
    public async Task RequeueAsync_UnknownDelivery_NotFound()
    {
        var ex = await Assert.ThrowsAsync<MessageNotFoundException>(() => _harness.Sut.RequeueAsync(77, "warehouse", "retry it", "ops", default));

        Assert.Equal("warehouse", ex.ConsumerGroup);
    }
}
