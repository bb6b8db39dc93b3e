namespace Transactions.Protocol.Sagas;

/// <summary>Retries of a step's action after transient failures (RETRY_LATER, timeouts, transport errors).</summary>
public sealed class SagaRetryPolicy
{
    /// <summary>Calls of the action in all, 1 to <see cref="SagaLimits.MaxAttempts"/>. Default: 3.</summary>
    public int MaxAttempts { get; set; } = SagaLimits.DefaultMaxAttempts;

    /// <summary>Delay before the second call, in ms; doubles per call, with jitter. Default: 200.</summary>
    public int InitialBackoffMs { get; set; } = SagaLimits.DefaultInitialBackoffMs;

    /// <summary>Cap of the delay, in ms. Default: 10000.</summary>
    public int MaxBackoffMs { get; set; } = SagaLimits.DefaultMaxBackoffMs;
}
