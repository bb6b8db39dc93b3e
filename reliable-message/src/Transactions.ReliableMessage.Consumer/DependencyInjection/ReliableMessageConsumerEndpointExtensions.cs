using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Consumer.Push;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the consumer's push endpoint (embedded transport).</summary>
public static class ReliableMessageConsumerEndpointExtensions
{
    /// <summary>Maps <c>reliablemessage.v1.ConsumerPush/Deliver</c> (gRPC; serve it on an HTTP/2 endpoint).</summary>
    /// <typeparam name="TContext">The consumer's DbContext given to <c>AddReliableMessageConsumer</c>.</typeparam>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapReliableMessageConsumer<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<PushDeliveryHandler<TContext>>();
        return endpoints;
    }
}
