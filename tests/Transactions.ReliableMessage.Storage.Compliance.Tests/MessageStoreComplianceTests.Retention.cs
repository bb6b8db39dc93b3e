using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// Retention (<see cref="IMessageRetentionStore"/>): old and young messages in every status, with deliveries in every
/// status and history events; exactly the old rolled-back ones and the old fully acknowledged ones go, whole.
/// </summary>
public abstract partial class MessageStoreComplianceTests
{
    private const long RetentionCutoff = T0 + 1_000_000;
    private const long OldAt = RetentionCutoff - 1;

    [StoreFact]
    public async Task DeleteFinished_OldAndYoungMessagesOfEveryKind_DeletesExactlyTheFinishedOldOnesWithTheirRows()
    {
        var gone = new[]
        {
            await SeedAsync(MessageStatus.RolledBack, OldAt),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Acked, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Discarded, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt),
        };
        var kept = new[]
        {
            await SeedAsync(MessageStatus.RolledBack, RetentionCutoff),
            await SeedAsync(MessageStatus.Prepared, OldAt),
            await SeedAsync(MessageStatus.Committed, OldAt),
            await SeedAsync(MessageStatus.Parked, OldAt),
            await SeedAsync(MessageStatus.Published, RetentionCutoff, (DeliveryStatus.Acked, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Pending, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Delivered, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Dead, OldAt)),
            await SeedAsync(MessageStatus.Published, OldAt, (DeliveryStatus.Acked, OldAt), (DeliveryStatus.Acked, RetentionCutoff)),
        };
        var retention = (IMessageRetentionStore)Sut;

        var deleted = await retention.DeleteFinishedAsync(RetentionCutoff, maxCount: 100, default);

        Assert.Equal(gone.Length, deleted);
        foreach (var id in gone)
        {
            Assert.Equal((0, 0, 0), await CountMessageRowsAsync(id));
        }

        foreach (var id in kept)
        {
            var (messages, _, events) = await CountMessageRowsAsync(id);
            Assert.Equal(1, messages);
            Assert.Equal(1, events);
        }

        Assert.Equal(2, (await CountMessageRowsAsync(kept[^1])).Deliveries);
        Assert.Equal(0, await retention.DeleteFinishedAsync(RetentionCutoff, maxCount: 100, default));
    }

    [StoreFact]
    public async Task DeleteFinished_MoreThanMaxCount_DeletesAtMostMaxCountPerCall()
    {
        for (var i = 0; i < 3; i++)
        {
            await SeedAsync(MessageStatus.RolledBack, OldAt);
        }

        var retention = (IMessageRetentionStore)Sut;
        Assert.Equal(2, await retention.DeleteFinishedAsync(RetentionCutoff, maxCount: 2, default));
        Assert.Equal(1, await retention.DeleteFinishedAsync(RetentionCutoff, maxCount: 2, default));
        Assert.Equal(0, await retention.DeleteFinishedAsync(RetentionCutoff, maxCount: 2, default));
    }

    private async Task<long> SeedAsync(MessageStatus status, long updatedUnixMs, params (DeliveryStatus Status, long UpdatedUnixMs)[] deliveries)
    {
        var message = NewMessage(producerKey: $"key-{Interlocked.Increment(ref _nextId)}");
        message.Status = status;
        message.UpdatedUnixMs = updatedUnixMs;
        message.NextAttemptUnixMs = status is MessageStatus.Prepared or MessageStatus.Committed ? updatedUnixMs : null;
        await using var context = await Contexts.CreateDbContextAsync();
        context.Messages.Add(message);
        context.Deliveries.AddRange(deliveries.Select((d, i) => new MessageDelivery
        {
            MessageId = message.MessageId,
            ConsumerGroup = $"group-{i}",
            Status = d.Status,
            Attempts = 1,
            CreatedUnixMs = T0,
            UpdatedUnixMs = d.UpdatedUnixMs,
            AckedUnixMs = d.Status == DeliveryStatus.Acked ? d.UpdatedUnixMs : null,
        }));
        context.Events.Add(new MessageEvent { MessageId = message.MessageId, AtUnixMs = T0, Kind = "test", Actor = "test" });
        await context.SaveChangesAsync();
        return message.MessageId;
    }

    private async Task<(int Messages, int Deliveries, int Events)> CountMessageRowsAsync(long id)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return (
            await context.Messages.CountAsync(m => m.MessageId == id),
            await context.Deliveries.CountAsync(d => d.MessageId == id),
            await context.Events.CountAsync(e => e.MessageId == id));
    }

    private IDbContextFactory<MessageDbContext> Contexts => _services!.GetRequiredService<IDbContextFactory<MessageDbContext>>();
}
