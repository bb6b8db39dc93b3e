using System.Text.Json.Serialization;

namespace Transactions.Coordinator.Participants;

/// <summary>Source-generated serializer of the HTTP/JSON participant bodies.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HttpBranchActionRequest))]
[JsonSerializable(typeof(HttpSagaStepRequest))]
[JsonSerializable(typeof(HttpSagaStepResponse))]
public sealed partial class HttpParticipantJsonContext : JsonSerializerContext;
