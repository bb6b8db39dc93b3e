using System.Text.Json.Serialization;

namespace Transactions.Protocol.Sagas;

/// <summary>Transport of a saga participant.</summary>
public enum SagaTransport
{
    /// <summary><c>transactions.v1.Participant/Execute</c> and <c>/Compensate</c> over gRPC.</summary>
    [JsonStringEnumMemberName("grpc")]
    Grpc = 1,

    /// <summary><c>POST {endpoint}/execute</c> and <c>POST {endpoint}/compensate</c> with a JSON body.</summary>
    [JsonStringEnumMemberName("httpJson")]
    HttpJson = 2,
}
