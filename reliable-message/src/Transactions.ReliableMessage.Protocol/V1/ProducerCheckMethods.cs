using Transactions.Grpc;

namespace Transactions.ReliableMessage.Protocol.V1;

/// <summary>Method descriptors of <c>reliablemessage.v1.ProducerCheck</c> (served by producers).</summary>
public static class ProducerCheckMethods
{
    /// <summary>Full service name as in the .proto file.</summary>
    public const string ServiceName = "reliablemessage.v1.ProducerCheck";

    /// <summary>Ask the producer whether its local transaction of a prepared message committed.</summary>
    public static readonly Method<CheckRequest, CheckResponse> Check =
        new(ServiceName, "Check", CheckRequest.Parser, CheckResponse.Parser);
}
