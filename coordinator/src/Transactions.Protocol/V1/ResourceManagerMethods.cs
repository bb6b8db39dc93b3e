using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Method descriptors of <c>transactions.v1.ResourceManager</c>.</summary>
public static class ResourceManagerMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "transactions.v1.ResourceManager";

    /// <summary>Register a branch.</summary>
    public static readonly Method<RegisterBranchRequest, RegisterBranchResponse> RegisterBranch =
        new(ServiceName, "RegisterBranch", RegisterBranchRequest.Parser, RegisterBranchResponse.Parser);

    /// <summary>Report a branch's phase-1 result.</summary>
    public static readonly Method<ReportBranchRequest, ReportBranchResponse> ReportBranch =
        new(ServiceName, "ReportBranch", ReportBranchRequest.Parser, ReportBranchResponse.Parser);
}
