using Transactions.Grpc;

namespace Transactions.Protocol.V1;

/// <summary>Typed client of <c>transactions.v1.TransactionManager</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class TransactionManagerClient(GrpcChannel channel)
{
    /// <summary>Begin a global transaction.</summary>
    public Task<BeginResponse> BeginAsync(BeginRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.Begin, request, options);

    /// <summary>Commit a global transaction.</summary>
    public Task<CommitResponse> CommitAsync(CommitRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.Commit, request, options);

    /// <summary>Roll a global transaction back.</summary>
    public Task<RollbackResponse> RollbackAsync(RollbackRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.Rollback, request, options);

    /// <summary>Read a global transaction's status.</summary>
    public Task<GetStatusResponse> GetStatusAsync(GetStatusRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.GetStatus, request, options);

    /// <summary>Submit a saga.</summary>
    public Task<SubmitSagaResponse> SubmitSagaAsync(SubmitSagaRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.SubmitSaga, request, options);

    /// <summary>Read (or wait for) a saga.</summary>
    public Task<GetSagaResponse> GetSagaAsync(GetSagaRequest request, CallOptions options = default) =>
        channel.UnaryAsync(TransactionManagerMethods.GetSaga, request, options);
}
