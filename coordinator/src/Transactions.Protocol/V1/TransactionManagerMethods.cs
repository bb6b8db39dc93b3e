using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Method descriptors of <c>transactions.v1.TransactionManager</c>.</summary>
public static class TransactionManagerMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "transactions.v1.TransactionManager";

    /// <summary>Begin a global transaction.</summary>
    public static readonly Method<BeginRequest, BeginResponse> Begin =
        new(ServiceName, "Begin", BeginRequest.Parser, BeginResponse.Parser);

    /// <summary>Commit a global transaction.</summary>
    public static readonly Method<CommitRequest, CommitResponse> Commit =
        new(ServiceName, "Commit", CommitRequest.Parser, CommitResponse.Parser);

    /// <summary>Roll a global transaction back.</summary>
    public static readonly Method<RollbackRequest, RollbackResponse> Rollback =
        new(ServiceName, "Rollback", RollbackRequest.Parser, RollbackResponse.Parser);

    /// <summary>Read a global transaction's status.</summary>
    public static readonly Method<GetStatusRequest, GetStatusResponse> GetStatus =
        new(ServiceName, "GetStatus", GetStatusRequest.Parser, GetStatusResponse.Parser);

    /// <summary>Submit a saga.</summary>
    public static readonly Method<SubmitSagaRequest, SubmitSagaResponse> SubmitSaga =
        new(ServiceName, "SubmitSaga", SubmitSagaRequest.Parser, SubmitSagaResponse.Parser);

    /// <summary>Read (or wait for) a saga.</summary>
    public static readonly Method<GetSagaRequest, GetSagaResponse> GetSaga =
        new(ServiceName, "GetSaga", GetSagaRequest.Parser, GetSagaResponse.Parser);
}
