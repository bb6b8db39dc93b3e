using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>
/// The operator-alert read (<see cref="IMessageAttentionStore"/>): parked and dead-lettered history rows with their
/// messages, in id order, from a cursor, never past a row still settling. Each test reads from the history's end as
/// it found it (the suite's database is shared by its tests).
/// </summary>
public abstract partial class MessageStoreComplianceTests
{
    private const long SettledAt = T0 + 1_000;

    [StoreFact]
    public async Task ReadFlagged_ParkedAndDeadLetteredRowsWithTheirMessages_OtherKindsSkipped_CursorAtTheLastRow()
    {
        var start = await LastHistoryIdAsync();
        var parked = await SeedAsync(MessageStatus.Parked, T0);
        var published = await SeedAsync(MessageStatus.Published, T0, (DeliveryStatus.Dead, T0));
        await AppendHistoryAsync(parked, MessageEventKinds.Parked, T0 + 10, null, "no answer from the producer");
        await AppendHistoryAsync(published, MessageEventKinds.DeadLettered, T0 + 11, "group-0", "handler failed");
        await AppendHistoryAsync(published, MessageEventKinds.Requeued, T0 + 12, "group-0", null);
        var attention = (IMessageAttentionStore)Sut;

        var page = await attention.ReadFlaggedAsync(start, 0, SettledAt, 10, default);
        var again = await attention.ReadFlaggedAsync(page.Cursor, 0, SettledAt, 10, default);

        Assert.Equal(
            [(parked, MessageEventKinds.Parked, MessageStatus.Parked, (string?)null), (published, MessageEventKinds.DeadLettered, MessageStatus.Published, "group-0")],
            page.Items.Select(i => (i.Message.MessageId, i.Event.Kind, i.Message.Status, i.Event.ConsumerGroup)));
        Assert.Equal("handler failed", page.Items[1].Event.Detail);
        Assert.Equal(await LastHistoryIdAsync(), page.Cursor);
        Assert.Empty(again.Items);
        Assert.Equal(page.Cursor, again.Cursor);
    }

    [StoreFact]
    public async Task ReadFlagged_ARowStillSettlingOrMaxReached_TheCursorStopsBeforeWhatWasNotRead()
    {
        var start = await LastHistoryIdAsync();
        var first = await SeedAsync(MessageStatus.Parked, T0);
        var second = await SeedAsync(MessageStatus.Parked, T0);
        var third = await SeedAsync(MessageStatus.Parked, T0);
        await AppendHistoryAsync(first, MessageEventKinds.Parked, T0 + 10, null, null);
        await AppendHistoryAsync(second, MessageEventKinds.Parked, T0 + 20, null, null);
        var beforeYoung = await LastHistoryIdAsync();
        await AppendHistoryAsync(first, MessageEventKinds.RecheckRequested, SettledAt + 5, null, null);
        await AppendHistoryAsync(third, MessageEventKinds.Parked, T0 + 30, null, null); // stamped before, written after the young row
        var attention = (IMessageAttentionStore)Sut;

        var one = await attention.ReadFlaggedAsync(start, 0, SettledAt, 1, default);
        var rest = await attention.ReadFlaggedAsync(one.Cursor, 0, SettledAt, 10, default);
        var settled = await attention.ReadFlaggedAsync(rest.Cursor, 0, SettledAt + 5, 10, default);

        Assert.Equal([first], one.Items.Select(i => i.Message.MessageId));
        Assert.Equal(one.Items[0].Event.Id, one.Cursor);
        Assert.Equal([second], rest.Items.Select(i => i.Message.MessageId));
        Assert.Equal(beforeYoung, rest.Cursor);
        Assert.Equal([third], settled.Items.Select(i => i.Message.MessageId));
    }

    private async Task AppendHistoryAsync(long messageId, string kind, long at, string? group, string? detail) =>
        await Sut.AppendEventsAsync([new MessageEvent { MessageId = messageId, Kind = kind, AtUnixMs = at, ConsumerGroup = group, Actor = "test", Detail = detail }], default);

    private async Task<long> LastHistoryIdAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return await context.Events.MaxAsync(e => (long?)e.Id) ?? 0;
    }
}
