using Transactions.Admin.Security;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.ReliableMessage.Service.Grpc;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the reliable-message gRPC services.</summary>
public static class ReliableMessageGrpcEndpointExtensions
{
    /// <summary>Maps every method of <c>ReliableMessageService</c> and <c>ReliableMessageAdmin</c>.</summary>
    public static IEndpointRouteBuilder MapReliableMessageGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var service = endpoints.ServiceProvider.GetRequiredService<ReliableMessageGrpcService>();
        var admin = endpoints.ServiceProvider.GetRequiredService<ReliableMessageAdminGrpcService>();
        endpoints.MapGrpcUnary(ReliableMessageMethods.Prepare, service.Prepare);
        endpoints.MapGrpcUnary(ReliableMessageMethods.Commit, service.Commit);
        endpoints.MapGrpcUnary(ReliableMessageMethods.Rollback, service.Rollback);
        endpoints.MapGrpcUnary(ReliableMessageMethods.Ack, service.Ack);
        endpoints.MapGrpcUnary(ReliableMessageMethods.Subscribe, service.Subscribe);
        endpoints.MapGrpcUnary(ReliableMessageMethods.GetMessage, service.GetMessage);
        // Admin: an admin key in the x-api-key metadata; actions need the operator role (401 -> Unauthenticated, 403 -> PermissionDenied).
        endpoints.MapGrpcUnary(ReliableMessageAdminMethods.ListDeadLetters, admin.ListDeadLetters).RequireAuthorization(AdminAuthentication.ReadPolicy);
        endpoints.MapGrpcUnary(ReliableMessageAdminMethods.ListParked, admin.ListParked).RequireAuthorization(AdminAuthentication.ReadPolicy);
        endpoints.MapGrpcUnary(ReliableMessageAdminMethods.Requeue, admin.Requeue).RequireAuthorization(AdminAuthentication.OperatePolicy);
        endpoints.MapGrpcUnary(ReliableMessageAdminMethods.Discard, admin.Discard).RequireAuthorization(AdminAuthentication.OperatePolicy);
        endpoints.MapGrpcUnary(ReliableMessageAdminMethods.ResolveParked, admin.ResolveParked).RequireAuthorization(AdminAuthentication.OperatePolicy);
        return endpoints;
    }
}
