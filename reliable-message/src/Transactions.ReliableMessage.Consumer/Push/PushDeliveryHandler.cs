using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Consumer.Push;

/// <summary>
/// Serves <c>reliablemessage.v1.ConsumerPush/Deliver</c>: processes the message; the answer is the acknowledgement.
/// Mapped by <c>app.MapReliableMessageConsumer&lt;TContext&gt;()</c>.
/// </summary>
/// <typeparam name="TContext">The consumer's DbContext.</typeparam>
public sealed class PushDeliveryHandler<TContext>(MessageProcessor<TContext> processor, IOptions<ReliableMessageConsumerOptions> options)
    : ConsumerPush.ConsumerPushBase
    where TContext : DbContext
{
    /// <summary>Handles one push.</summary>
    /// <param name="request">The consumer group and the message.</param>
    /// <param name="context">The call.</param>
    /// <returns>Acknowledged, or not with the reason.</returns>
    /// <exception cref="RpcException">InvalidArgument: the push is for another group or carries no message.</exception>
    public override async Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (!string.Equals(request.ConsumerGroup, options.Value.ConsumerGroup, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"This endpoint serves consumer group '{options.Value.ConsumerGroup}', not '{request.ConsumerGroup}'."));
        }

        if (request.Envelope is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The push carries no envelope."));
        }

        var acknowledged = await processor.ProcessAsync([request.Envelope], context.CancellationToken).ConfigureAwait(false);
        return acknowledged.Contains(request.Envelope.MessageId)
            ? new DeliverResponse { Acknowledged = true }
            : new DeliverResponse { Acknowledged = false, Error = "The handler failed; see the consumer's log." };
    }
}
