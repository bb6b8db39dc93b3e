using Microsoft.EntityFrameworkCore;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

public sealed partial class EfTransactionStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<TransactionEvent>> GetEventsAsync(long xid, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            // Identity order is the order the events were written in.
            return await context.Events.AsNoTracking()
                .Where(e => e.Xid == xid)
                .OrderBy(e => e.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task AppendEventsAsync(IReadOnlyList<TransactionEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return;
        }

        StoredText.Fit(events);
        if (_postgreSql)
        {
            await PostgreSqlCommands.AppendEventsAsync(_statements, events, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var turn = await _writes.EnterAsync(cancellationToken).ConfigureAwait(false);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            context.Events.AddRange(events);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
