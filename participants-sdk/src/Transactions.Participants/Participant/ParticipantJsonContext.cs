using System.Text.Json.Serialization;

namespace Transactions.Participants.Participant;

/// <summary>Source-generated serializers of the HTTP/JSON participant routes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HttpParticipantRequest))]
[JsonSerializable(typeof(HttpParticipantResponse))]
[JsonSerializable(typeof(Saga.HttpSagaStepRequest))]
[JsonSerializable(typeof(Saga.HttpSagaStepResponse))]
internal sealed partial class ParticipantJsonContext : JsonSerializerContext;
