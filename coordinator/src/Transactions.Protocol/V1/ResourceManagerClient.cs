using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Typed client of <c>transactions.v1.ResourceManager</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class ResourceManagerClient(GrpcChannel channel)
{
    /// <summary>Register a branch.</summary>
    public Task<RegisterBranchResponse> RegisterBranchAsync(RegisterBranchRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ResourceManagerMethods.RegisterBranch, request, options);

    /// <summary>Report a branch's phase-1 result.</summary>
    public Task<ReportBranchResponse> ReportBranchAsync(ReportBranchRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ResourceManagerMethods.ReportBranch, request, options);
}
