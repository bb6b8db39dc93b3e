using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>Subscribes the consumer group at start, retrying until the service answers (bounded by <see cref="ReliableMessageConsumerOptions.SubscribeTimeout"/>).</summary>
public sealed partial class ServiceSubscriber(
    IServiceAcknowledger acknowledger,
    HandlerRegistry handlers,
    IOptions<ReliableMessageConsumerOptions> options,
    TimeProvider timeProvider,
    ILogger<ServiceSubscriber> logger)
{
    /// <summary>Subscribes; returns the retry topic (Kafka) or null.</summary>
    /// <exception cref="InvalidOperationException">No handler is registered, or the service never answered in time.</exception>
    public async Task<string?> SubscribeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (handlers.Topics.Count == 0)
        {
            throw new InvalidOperationException("The reliable-message consumer has no handler: register one with AddHandler<THandler>(topic).");
        }

        var deadline = timeProvider.GetUtcNow() + settings.SubscribeTimeout;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var retry = await acknowledger.SubscribeAsync(settings.ConsumerGroup!, handlers.Topics, settings.PushEndpoint, cancellationToken).ConfigureAwait(false);
                LogSubscribed(logger, settings.ConsumerGroup!, string.Join(",", handlers.Topics), retry ?? "-");
                return retry;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (timeProvider.GetUtcNow() >= deadline)
                {
                    throw new InvalidOperationException($"Could not subscribe consumer group '{settings.ConsumerGroup}' at {settings.ServiceAddress} within {settings.SubscribeTimeout}: {ex.Message}", ex);
                }

                LogSubscribeRetry(logger, settings.ConsumerGroup!, ex.Message);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Consumer group {ConsumerGroup} subscribed to {Topics} (retry topic {RetryTopic})")]
    private static partial void LogSubscribed(ILogger logger, string consumerGroup, string topics, string retryTopic);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Subscribing consumer group {ConsumerGroup} failed, retrying: {Error}")]
    private static partial void LogSubscribeRetry(ILogger logger, string consumerGroup, string error);
}
