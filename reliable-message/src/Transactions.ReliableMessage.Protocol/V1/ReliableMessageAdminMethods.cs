using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Method descriptors of <c>reliablemessage.v1.ReliableMessageAdmin</c>.</summary>
public static class ReliableMessageAdminMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "reliablemessage.v1.ReliableMessageAdmin";

    /// <summary>List dead deliveries.</summary>
    public static readonly Method<ListDeadLettersRequest, ListDeadLettersResponse> ListDeadLetters =
        new(ServiceName, "ListDeadLetters", ListDeadLettersRequest.Parser, ListDeadLettersResponse.Parser);

    /// <summary>Requeue a dead delivery.</summary>
    public static readonly Method<DeliveryActionRequest, DeliveryActionResponse> Requeue =
        new(ServiceName, "Requeue", DeliveryActionRequest.Parser, DeliveryActionResponse.Parser);

    /// <summary>Discard a dead delivery.</summary>
    public static readonly Method<DeliveryActionRequest, DeliveryActionResponse> Discard =
        new(ServiceName, "Discard", DeliveryActionRequest.Parser, DeliveryActionResponse.Parser);

    /// <summary>List parked messages.</summary>
    public static readonly Method<ListParkedRequest, ListParkedResponse> ListParked =
        new(ServiceName, "ListParked", ListParkedRequest.Parser, ListParkedResponse.Parser);

    /// <summary>Commit or roll back a parked message.</summary>
    public static readonly Method<ResolveParkedRequest, ResolveParkedResponse> ResolveParked =
        new(ServiceName, "ResolveParked", ResolveParkedRequest.Parser, ResolveParkedResponse.Parser);
}
