using System.Text.Json.Serialization;

namespace Transactions.Coordinator.Participants;

/// <summary>Source-generated serializer for <see cref="HttpBranchActionRequest"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HttpBranchActionRequest))]
public sealed partial class HttpParticipantJsonContext : JsonSerializerContext;
