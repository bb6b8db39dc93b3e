using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Dispatch;

/// <summary>
/// The subscriptions (topic -> groups) cached in memory and reloaded from the store every
/// <see cref="ReliableMessageOptions.SubscriptionRefreshInterval"/> (other instances may register groups), and
/// at once after a subscription through this instance.
/// </summary>
public sealed partial class SubscriptionRegistry(
    IMessageStore store,
    IOptions<ReliableMessageOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionRegistry> logger)
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly TimeSpan _refresh = options.Value.SubscriptionRefreshInterval;
    private volatile Snapshot? _snapshot;

    /// <summary>The groups subscribed to <paramref name="topic"/> (reloaded first when the cache is stale).</summary>
    public async ValueTask<IReadOnlyList<DeliveryTarget>> GetTargetsAsync(string topic, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || timeProvider.GetUtcNow() - snapshot.LoadedAt >= _refresh)
        {
            snapshot = await ReloadAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }

        return snapshot.ByTopic.TryGetValue(topic, out var targets) ? targets : [];
    }

    /// <summary>The push endpoint of <paramref name="consumerGroup"/> for <paramref name="topic"/>, if any.</summary>
    public async ValueTask<DeliveryTarget> GetTargetAsync(string topic, string consumerGroup, CancellationToken cancellationToken)
    {
        var targets = await GetTargetsAsync(topic, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < targets.Count; i++)
        {
            if (string.Equals(targets[i].ConsumerGroup, consumerGroup, StringComparison.Ordinal))
            {
                return targets[i];
            }
        }

        // Unsubscribed since: a broker still reaches it through its retry topic; a push has nowhere to go.
        return new DeliveryTarget(consumerGroup, null);
    }

    /// <summary>Reloads now (after a subscription).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        await ReloadAsync(_snapshot, cancellationToken, force: true).ConfigureAwait(false);

    private async Task<Snapshot> ReloadAsync(Snapshot? seen, CancellationToken cancellationToken, bool force = false)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have reloaded while this one waited.
            var current = _snapshot;
            if (!force && current is not null && !ReferenceEquals(current, seen))
            {
                return current;
            }

            var loadedAt = timeProvider.GetUtcNow();
            var rows = await store.GetSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
            var byTopic = rows
                .GroupBy(s => s.Topic, StringComparer.Ordinal)
                .ToDictionary(
                    g => g.Key,
                    g => (IReadOnlyList<DeliveryTarget>)g.OrderBy(s => s.ConsumerGroup, StringComparer.Ordinal)
                        .Select(s => new DeliveryTarget(s.ConsumerGroup, s.PushEndpoint)).ToArray(),
                    StringComparer.Ordinal);
            var snapshot = new Snapshot(loadedAt, byTopic);
            _snapshot = snapshot;
            LogReloaded(logger, rows.Count);
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Debug, Message = "Loaded {Count} subscription(s)")]
    private static partial void LogReloaded(ILogger logger, int count);

    private sealed record Snapshot(DateTimeOffset LoadedAt, Dictionary<string, IReadOnlyList<DeliveryTarget>> ByTopic);
}
