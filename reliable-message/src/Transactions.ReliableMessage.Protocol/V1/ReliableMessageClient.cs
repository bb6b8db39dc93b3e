using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Typed client of <c>reliablemessage.v1.ReliableMessageService</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class ReliableMessageClient(GrpcChannel channel)
{
    /// <summary>Store a half-message.</summary>
    public Task<PrepareResponse> PrepareAsync(PrepareRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.Prepare, request, options);

    /// <summary>Commit a prepared message.</summary>
    public Task<CommitResponse> CommitAsync(CommitRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.Commit, request, options);

    /// <summary>Roll a prepared message back.</summary>
    public Task<RollbackResponse> RollbackAsync(RollbackRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.Rollback, request, options);

    /// <summary>Acknowledge processed messages for a consumer group.</summary>
    public Task<AckResponse> AckAsync(AckRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.Ack, request, options);

    /// <summary>Declare a consumer group's topics.</summary>
    public Task<SubscribeResponse> SubscribeAsync(SubscribeRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.Subscribe, request, options);

    /// <summary>Read a message's status and deliveries.</summary>
    public Task<GetMessageResponse> GetMessageAsync(GetMessageRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageMethods.GetMessage, request, options);
}
