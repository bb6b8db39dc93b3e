using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Method descriptors of <c>reliablemessage.v1.ReliableMessageService</c>.</summary>
public static class ReliableMessageMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "reliablemessage.v1.ReliableMessageService";

    /// <summary>Store a half-message.</summary>
    public static readonly Method<PrepareRequest, PrepareResponse> Prepare =
        new(ServiceName, "Prepare", PrepareRequest.Parser, PrepareResponse.Parser);

    /// <summary>Commit a prepared message.</summary>
    public static readonly Method<CommitRequest, CommitResponse> Commit =
        new(ServiceName, "Commit", CommitRequest.Parser, CommitResponse.Parser);

    /// <summary>Roll a prepared message back.</summary>
    public static readonly Method<RollbackRequest, RollbackResponse> Rollback =
        new(ServiceName, "Rollback", RollbackRequest.Parser, RollbackResponse.Parser);

    /// <summary>Acknowledge processed messages for a consumer group.</summary>
    public static readonly Method<AckRequest, AckResponse> Ack =
        new(ServiceName, "Ack", AckRequest.Parser, AckResponse.Parser);

    /// <summary>Declare a consumer group's topics.</summary>
    public static readonly Method<SubscribeRequest, SubscribeResponse> Subscribe =
        new(ServiceName, "Subscribe", SubscribeRequest.Parser, SubscribeResponse.Parser);

    /// <summary>Read a message's status and deliveries.</summary>
    public static readonly Method<GetMessageRequest, GetMessageResponse> GetMessage =
        new(ServiceName, "GetMessage", GetMessageRequest.Parser, GetMessageResponse.Parser);
}
