using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Producer;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the producer's back-check endpoint.</summary>
public static class ReliableMessageProducerEndpointExtensions
{
    /// <summary>Maps <c>reliablemessage.v1.ProducerCheck/Check</c> (gRPC; serve it on an HTTP/2 endpoint).</summary>
    /// <typeparam name="TContext">The producer's DbContext given to <c>AddReliableMessageProducer</c>.</typeparam>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapReliableMessageProducer<TContext>(this IEndpointRouteBuilder endpoints)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<ProducerCheckHandler<TContext>>();
        return endpoints;
    }
}
