using System.Text.Json.Serialization;

namespace Transactions.Protocol.Sagas;

/// <summary>Source-generated JSON of saga definitions: camelCase properties, enums as camelCase strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SagaDefinition))]
internal sealed partial class SagaJsonContext : JsonSerializerContext;
