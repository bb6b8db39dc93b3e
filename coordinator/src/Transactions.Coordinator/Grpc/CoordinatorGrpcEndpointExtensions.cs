using Transactions.Coordinator.Grpc;
using Transactions.Protocol.V1;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the TC protocol (TransactionManager and ResourceManager services).</summary>
public static class CoordinatorGrpcEndpointExtensions
{
    /// <summary>Maps every method of both services.</summary>
    public static IEndpointRouteBuilder MapCoordinatorGrpc(this IEndpointRouteBuilder endpoints)
    {
        var tm = endpoints.ServiceProvider.GetRequiredService<TransactionManagerGrpcService>();
        var rm = endpoints.ServiceProvider.GetRequiredService<ResourceManagerGrpcService>();
        endpoints.MapGrpcUnary(TransactionManagerMethods.Begin, tm.Begin);
        endpoints.MapGrpcUnary(TransactionManagerMethods.Commit, tm.Commit);
        endpoints.MapGrpcUnary(TransactionManagerMethods.Rollback, tm.Rollback);
        endpoints.MapGrpcUnary(TransactionManagerMethods.GetStatus, tm.GetStatus);
        endpoints.MapGrpcUnary(TransactionManagerMethods.SubmitSaga, tm.SubmitSaga);
        endpoints.MapGrpcUnary(TransactionManagerMethods.GetSaga, tm.GetSaga);
        endpoints.MapGrpcUnary(ResourceManagerMethods.RegisterBranch, rm.RegisterBranch);
        endpoints.MapGrpcUnary(ResourceManagerMethods.ReportBranch, rm.ReportBranch);
        return endpoints;
    }
}
