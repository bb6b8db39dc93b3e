using Transactions.Coordinator.Grpc;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the TC protocol (TransactionManager and ResourceManager services).</summary>
public static class CoordinatorGrpcEndpointExtensions
{
    /// <summary>Maps both services of <c>transactions.v1</c> on Grpc.AspNetCore.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapCoordinatorGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TransactionManagerGrpcService>();
        endpoints.MapGrpcService<ResourceManagerGrpcService>();
        return endpoints;
    }
}
