using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Channels;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Push;

/// <summary>
/// The embedded transport (no broker): each delivery is pushed to the consumer group's endpoint
/// (<c>reliablemessage.v1.ConsumerPush/Deliver</c>, hosted by the consumer SDK); the response acknowledges it.
/// A group that cannot be reached or does not acknowledge gets it again on the redelivery schedule.
/// One channel per endpoint, reused; all of them share one HTTP handler, disposed with the transport.
/// </summary>
public sealed partial class PushMessageTransport : IMessageTransport, IDisposable
{
    private readonly GrpcEndpointChannels _channels = new();
    private readonly ReliableMessageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PushMessageTransport> _logger;

    /// <summary>Creates the transport.</summary>
    public PushMessageTransport(IOptions<ReliableMessageOptions> options, TimeProvider timeProvider, ILogger<PushMessageTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Name => "push";

    /// <inheritdoc />
    public string? GetRetryAddress(string consumerGroup) => null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var work = new List<(MessageEnvelope Envelope, DeliveryTarget Target)>();
        foreach (var item in batch)
        {
            foreach (var target in item.Targets)
            {
                work.Add((item.Envelope, target));
            }
        }

        var outcomes = new ConcurrentBag<SendOutcome>();
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = _options.PushParallelism, CancellationToken = cancellationToken },
            async (w, ct) => outcomes.Add(await PushAsync(w.Envelope, w.Target, ct).ConfigureAwait(false))).ConfigureAwait(false);
        return outcomes.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _channels.Dispose();

    private async Task<SendOutcome> PushAsync(MessageEnvelope envelope, DeliveryTarget target, CancellationToken cancellationToken)
    {
        var id = envelope.MessageId;
        if (target.PushEndpoint is not { } endpoint)
        {
            return new SendOutcome(id, target.ConsumerGroup, SendResult.Rejected, $"Consumer group '{target.ConsumerGroup}' has no push endpoint.");
        }

        try
        {
            var client = new ConsumerPush.ConsumerPushClient(_channels.Get(endpoint));
            var response = await client.DeliverAsync(
                new DeliverRequest { ConsumerGroup = target.ConsumerGroup, Envelope = envelope },
                deadline: _timeProvider.GetUtcNow().UtcDateTime + _options.PushTimeout,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Acknowledged
                ? new SendOutcome(id, target.ConsumerGroup, SendResult.Acknowledged)
                : new SendOutcome(id, target.ConsumerGroup, SendResult.Rejected, string.IsNullOrEmpty(response.Error) ? "The consumer did not acknowledge." : response.Error);
        }
        catch (RpcException ex)
        {
            LogPushFailed(_logger, id, target.ConsumerGroup, endpoint, ex.StatusCode, ex.Status.Detail);
            return new SendOutcome(id, target.ConsumerGroup, SendResult.Rejected, $"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Push of message {MessageId} to consumer group {ConsumerGroup} at {Endpoint} failed: {StatusCode} {Detail}")]
    private static partial void LogPushFailed(ILogger logger, long messageId, string consumerGroup, string endpoint, StatusCode statusCode, string detail);
}
