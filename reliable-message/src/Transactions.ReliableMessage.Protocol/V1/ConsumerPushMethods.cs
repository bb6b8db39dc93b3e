using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Method descriptors of <c>reliablemessage.v1.ConsumerPush</c> (served by consumers in embedded mode).</summary>
public static class ConsumerPushMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "reliablemessage.v1.ConsumerPush";

    /// <summary>Deliver one message to a consumer group; the response acknowledges it.</summary>
    public static readonly Method<DeliverRequest, DeliverResponse> Deliver =
        new(ServiceName, "Deliver", DeliverRequest.Parser, DeliverResponse.Parser);
}
