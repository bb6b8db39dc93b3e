using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task AppendEventsAsync(IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            AddEvents(context, events);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageEvent>> GetEventsAsync(long messageId, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Events.AsNoTracking()
                .Where(e => e.MessageId == messageId)
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
