using Transactions.ReliableMessage.Service.Grpc;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the reliable-message gRPC services.</summary>
public static class ReliableMessageGrpcEndpointExtensions
{
    /// <summary>
    /// Maps <c>ReliableMessageService</c> and <c>ReliableMessageAdmin</c> (registered with
    /// <c>AddGrpc().AddReliableMessageGrpcServices()</c>). The admin methods carry their authorization: an admin key in
    /// the <c>x-api-key</c> metadata, the operator role for actions (Unauthenticated / PermissionDenied otherwise).
    /// </summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The endpoints.</returns>
    public static IEndpointRouteBuilder MapReliableMessageGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<ReliableMessageGrpcService>();
        endpoints.MapGrpcService<ReliableMessageAdminGrpcService>();
        return endpoints;
    }
}
