using System.Text.Json;

namespace Transactions.Protocol.Sagas;

/// <summary>
/// The JSON form of <see cref="SagaDefinition"/> (camelCase; enums as strings: <c>"grpc"</c>/<c>"httpJson"</c>,
/// <c>"compensate"</c>/<c>"retryForward"</c>), the form <c>SubmitSaga</c> carries, so any language can submit one.
/// </summary>
public static class SagaDefinitionJson
{
    /// <summary>Serializes a definition.</summary>
    public static string Serialize(SagaDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return JsonSerializer.Serialize(definition, SagaJsonContext.Default.SagaDefinition);
    }

    /// <summary>Parses and validates a definition.</summary>
    /// <exception cref="SagaDefinitionException">Not valid JSON, an unknown field, or an invalid definition.</exception>
    public static SagaDefinition Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new SagaDefinitionException("$", "is required (a JSON object).");
        }

        if (json.Length > SagaLimits.DefinitionLength)
        {
            throw new SagaDefinitionException("$", $"must be at most {SagaLimits.DefinitionLength} characters.");
        }

        SagaDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize(json, SagaJsonContext.Default.SagaDefinition);
        }
        catch (JsonException ex)
        {
            throw new SagaDefinitionException($"Invalid saga definition: not valid JSON at '{ex.Path ?? "$"}': {ex.Message}", ex);
        }

        if (definition is null)
        {
            throw new SagaDefinitionException("$", "must be a JSON object.");
        }

        SagaDefinitionValidator.Validate(definition);
        return definition;
    }
}
