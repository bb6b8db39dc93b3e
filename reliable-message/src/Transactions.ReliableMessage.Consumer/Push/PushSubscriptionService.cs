using Microsoft.Extensions.Hosting;

namespace Transactions.ReliableMessage.Consumer.Push;

/// <summary>Push transport: subscribes the group with this application's push endpoint once the host runs.</summary>
public sealed class PushSubscriptionService(ServiceSubscriber subscriber) : BackgroundService
{
    /// <summary>Completes once the group is subscribed.</summary>
    public Task Subscribed => _subscribed.Task;

    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await subscriber.SubscribeAsync(stoppingToken).ConfigureAwait(false);
        _subscribed.TrySetResult();
    }
}
