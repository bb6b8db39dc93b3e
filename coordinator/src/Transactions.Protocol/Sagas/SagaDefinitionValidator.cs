namespace Transactions.Protocol.Sagas;

/// <summary>Checks a <see cref="SagaDefinition"/>; the first problem found is thrown with the field's path.</summary>
public static class SagaDefinitionValidator
{
    /// <summary>Validates <paramref name="definition"/>.</summary>
    /// <exception cref="SagaDefinitionException">The first problem found.</exception>
    public static void Validate(SagaDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        CheckName(definition.Name, "name", SagaLimits.NameLength);
        if (!Enum.IsDefined(definition.FailurePolicy))
        {
            throw new SagaDefinitionException("failurePolicy", "must be \"compensate\" or \"retryForward\".");
        }

        if (definition.Groups is not { Count: > 0 } groups)
        {
            throw new SagaDefinitionException("groups", "must contain at least one group.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            var path = $"groups[{g}]";
            if (groups[g]?.Steps is not { Count: > 0 } steps)
            {
                throw new SagaDefinitionException($"{path}.steps", "must contain at least one step.");
            }

            if (steps.Count > SagaLimits.MaxGroupSize)
            {
                throw new SagaDefinitionException($"{path}.steps", $"must contain at most {SagaLimits.MaxGroupSize} steps.");
            }

            for (var s = 0; s < steps.Count; s++)
            {
                var step = steps[s] ?? throw new SagaDefinitionException($"{path}.steps[{s}]", "must be an object.");
                ValidateStep(step, $"{path}.steps[{s}]");
                if (!names.Add(step.Name!))
                {
                    throw new SagaDefinitionException($"{path}.steps[{s}].name", $"'{step.Name}' is used by another step; step names must be unique.");
                }
            }
        }

        if (names.Count > SagaLimits.MaxSteps)
        {
            throw new SagaDefinitionException("groups", $"must contain at most {SagaLimits.MaxSteps} steps in all.");
        }
    }

    private static void ValidateStep(SagaStepDefinition step, string path)
    {
        CheckName(step.Name, $"{path}.name", SagaLimits.NameLength);
        var participant = step.Participant ?? throw new SagaDefinitionException($"{path}.participant", "is required.");
        if (string.IsNullOrWhiteSpace(participant.Endpoint))
        {
            throw new SagaDefinitionException($"{path}.participant.endpoint", "is required.");
        }

        if (participant.Endpoint.Length > SagaLimits.EndpointLength
            || !Uri.TryCreate(participant.Endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SagaDefinitionException($"{path}.participant.endpoint", $"must be an absolute http:// or https:// URL of at most {SagaLimits.EndpointLength} characters.");
        }

        if (!Enum.IsDefined(participant.Protocol))
        {
            throw new SagaDefinitionException($"{path}.participant.protocol", "must be \"grpc\" or \"httpJson\".");
        }

        CheckOptional(participant.ResourceId, $"{path}.participant.resourceId", SagaLimits.ActionLength);
        CheckRequired(step.Action, $"{path}.action", SagaLimits.ActionLength);
        CheckOptional(step.Compensation, $"{path}.compensation", SagaLimits.ActionLength);
        if (step.Input is { Length: > SagaLimits.InputLength })
        {
            throw new SagaDefinitionException($"{path}.input", $"must be at most {SagaLimits.InputLength} characters.");
        }

        if (step.TimeoutMs is { } timeout && (timeout < 1 || timeout > SagaLimits.MaxStepTimeoutMs))
        {
            throw new SagaDefinitionException($"{path}.timeoutMs", $"must be between 1 and {SagaLimits.MaxStepTimeoutMs}.");
        }

        if (step.Retry is { } retry)
        {
            if (retry.MaxAttempts < 1 || retry.MaxAttempts > SagaLimits.MaxAttempts)
            {
                throw new SagaDefinitionException($"{path}.retry.maxAttempts", $"must be between 1 and {SagaLimits.MaxAttempts}.");
            }

            if (retry.InitialBackoffMs < 1 || retry.InitialBackoffMs > SagaLimits.MaxBackoffMs)
            {
                throw new SagaDefinitionException($"{path}.retry.initialBackoffMs", $"must be between 1 and {SagaLimits.MaxBackoffMs}.");
            }

            if (retry.MaxBackoffMs < retry.InitialBackoffMs || retry.MaxBackoffMs > SagaLimits.MaxBackoffMs)
            {
                throw new SagaDefinitionException($"{path}.retry.maxBackoffMs", $"must be between initialBackoffMs and {SagaLimits.MaxBackoffMs}.");
            }
        }
    }

    private static void CheckName(string? value, string path, int max)
    {
        CheckRequired(value, path, max);
        foreach (var c in value!)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                throw new SagaDefinitionException(path, $"'{value}' may only contain letters, digits, '.', '_' and '-'.");
            }
        }
    }

    private static void CheckRequired(string? value, string path, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SagaDefinitionException(path, "is required.");
        }

        CheckOptional(value, path, max);
    }

    private static void CheckOptional(string? value, string path, int max)
    {
        if (value is { Length: var length } && length > max)
        {
            throw new SagaDefinitionException(path, $"must be at most {max} characters.");
        }
    }
}
