namespace Transactions.Protocol.Sagas;

/// <summary>One saga step: an action and its compensation on one participant.</summary>
public sealed class SagaStepDefinition
{
    /// <summary>Unique name within the saga (letters, digits, '.', '_', '-'); later steps read its output under this name.</summary>
    public string? Name { get; set; }

    /// <summary>Where and how the participant is called. Required.</summary>
    public SagaParticipant? Participant { get; set; }

    /// <summary>The forward action's name (a <c>[SagaAction]</c> name for SDK participants). Required.</summary>
    public string? Action { get; set; }

    /// <summary>The compensation's name. Default: the action's name (SDK participants find the compensation by action).</summary>
    public string? Compensation { get; set; }

    /// <summary>Opaque input passed to the action and the compensation (usually JSON). Optional.</summary>
    public string? Input { get; set; }

    /// <summary>Timeout of one call of the action or compensation, in ms. Default: <see cref="SagaLimits.DefaultStepTimeoutMs"/>.</summary>
    public int? TimeoutMs { get; set; }

    /// <summary>Retries of the action on transient failures. Default: <see cref="SagaRetryPolicy"/>'s defaults.</summary>
    public SagaRetryPolicy? Retry { get; set; }
}
