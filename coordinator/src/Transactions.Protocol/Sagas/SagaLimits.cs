namespace Transactions.Protocol.Sagas;

/// <summary>Defaults and limits of saga definitions.</summary>
public static class SagaLimits
{
    /// <summary>Longest saga and step name.</summary>
    public const int NameLength = 128;

    /// <summary>Longest action, compensation and resource name.</summary>
    public const int ActionLength = 128;

    /// <summary>Longest endpoint URL.</summary>
    public const int EndpointLength = 1024;

    /// <summary>Most steps of a saga.</summary>
    public const int MaxSteps = 100;

    /// <summary>Most steps of one parallel group.</summary>
    public const int MaxGroupSize = 32;

    /// <summary>Longest step input, in characters.</summary>
    public const int InputLength = 64 * 1024;

    /// <summary>Longest definition JSON, in characters.</summary>
    public const int DefinitionLength = 256 * 1024;

    /// <summary>Default timeout of one step call: 10 seconds.</summary>
    public const int DefaultStepTimeoutMs = 10_000;

    /// <summary>Longest step timeout: 5 minutes.</summary>
    public const int MaxStepTimeoutMs = 300_000;

    /// <summary>Default calls of an action: 3.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Most calls of an action.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Default first retry delay: 200 ms.</summary>
    public const int DefaultInitialBackoffMs = 200;

    /// <summary>Default retry delay cap: 10 seconds.</summary>
    public const int DefaultMaxBackoffMs = 10_000;

    /// <summary>Longest retry delay cap: 1 hour.</summary>
    public const int MaxBackoffMs = 3_600_000;
}
