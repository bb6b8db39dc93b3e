using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Typed client of <c>reliablemessage.v1.ReliableMessageAdmin</c> over a <see cref="GrpcChannel"/>.</summary>
public sealed class ReliableMessageAdminClient(GrpcChannel channel)
{
    /// <summary>List dead deliveries.</summary>
    public Task<ListDeadLettersResponse> ListDeadLettersAsync(ListDeadLettersRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageAdminMethods.ListDeadLetters, request, options);

    /// <summary>Requeue a dead delivery.</summary>
    public Task<DeliveryActionResponse> RequeueAsync(DeliveryActionRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageAdminMethods.Requeue, request, options);

    /// <summary>Discard a dead delivery.</summary>
    public Task<DeliveryActionResponse> DiscardAsync(DeliveryActionRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageAdminMethods.Discard, request, options);

    /// <summary>List parked messages.</summary>
    public Task<ListParkedResponse> ListParkedAsync(ListParkedRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageAdminMethods.ListParked, request, options);

    /// <summary>Commit or roll back a parked message.</summary>
    public Task<ResolveParkedResponse> ResolveParkedAsync(ResolveParkedRequest request, CallOptions options = default) =>
        channel.UnaryAsync(ReliableMessageAdminMethods.ResolveParked, request, options);
}
