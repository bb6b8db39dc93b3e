using System.Text.Json.Serialization;

namespace Transactions.Protocol.Sagas;

/// <summary>What the coordinator does when a step fails for good.</summary>
public enum SagaFailurePolicy
{
    /// <summary>Compensate every step that ran or may have run, in reverse order (default).</summary>
    [JsonStringEnumMemberName("compensate")]
    Compensate = 1,

    /// <summary>Never compensate: retry the failed step with backoff until it succeeds (flagged for attention past the threshold).</summary>
    [JsonStringEnumMemberName("retryForward")]
    RetryForward = 2,
}
