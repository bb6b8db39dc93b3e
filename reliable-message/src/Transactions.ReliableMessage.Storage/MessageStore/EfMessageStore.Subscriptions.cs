using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

public sealed partial class EfMessageStore
{
    /// <inheritdoc />
    public async Task SubscribeAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumerGroup);
        ArgumentNullException.ThrowIfNull(topics);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UpsertSubscriptionsAsync(consumerGroup, topics, pushEndpoint, nowUnixMs, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance subscribed the same group at the same time: read again and update.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TopicSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.Subscriptions.AsNoTracking()
                .OrderBy(s => s.Topic).ThenBy(s => s.ConsumerGroup)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpsertSubscriptionsAsync(string consumerGroup, IReadOnlyList<string> topics, string? pushEndpoint, long now, CancellationToken cancellationToken)
    {
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            var existing = await context.Subscriptions
                .Where(s => s.ConsumerGroup == consumerGroup)
                .ToDictionaryAsync(s => s.Topic, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            foreach (var topic in topics.Distinct(StringComparer.Ordinal))
            {
                if (existing.TryGetValue(topic, out var row))
                {
                    row.PushEndpoint = pushEndpoint;
                    row.UpdatedUnixMs = now;
                }
                else
                {
                    context.Subscriptions.Add(new TopicSubscription
                    {
                        ConsumerGroup = consumerGroup,
                        Topic = topic,
                        PushEndpoint = pushEndpoint,
                        CreatedUnixMs = now,
                        UpdatedUnixMs = now,
                    });
                }
            }

            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
