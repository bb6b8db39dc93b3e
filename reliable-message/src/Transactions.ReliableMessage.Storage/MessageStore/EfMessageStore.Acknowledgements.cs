using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task<int> AckAsync(string consumerGroup, IReadOnlyList<long> messageIds, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return 0;
        }

        var ids = messageIds.ToArray();
        if (_postgreSql)
        {
            return await AckPostgreSqlAsync(consumerGroup, ids, nowUnixMs, cancellationToken).ConfigureAwait(false);
        }

        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await AckRowsAsync(context, consumerGroup, ids, nowUnixMs, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<int> AckRowsAsync(MessageDbContext context, string consumerGroup, long[] ids, long nowUnixMs, CancellationToken cancellationToken) =>
        context.Deliveries
            .Where(d => d.ConsumerGroup == consumerGroup && ids.Contains(d.MessageId)
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Dead))
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Acked)
                .SetProperty(d => d.AckedUnixMs, nowUnixMs)
                // An acknowledgement can overtake the bookkeeping of the publish it answers: it proves a delivery.
                .SetProperty(d => d.Attempts, d => d.Attempts == 0 ? 1 : d.Attempts)
                .SetProperty(d => d.DeliveredUnixMs, d => d.DeliveredUnixMs ?? nowUnixMs)
                .SetProperty(d => d.NextAttemptUnixMs, (long?)null)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseExpiresUnixMs, (long?)null)
                .SetProperty(d => d.UpdatedUnixMs, nowUnixMs), cancellationToken);
}
