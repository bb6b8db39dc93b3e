namespace Transactions.Coordinator.Domain;

/// <summary>The persisted state of one saga step. Its definition lives in the saga's definition JSON.</summary>
public sealed class SagaStepState
{
    /// <summary>The saga.</summary>
    public long Xid { get; set; }

    /// <summary>0-based position of the step in the definition (groups flattened in order).</summary>
    public int Ordinal { get; set; }

    /// <summary>0-based group index.</summary>
    public int GroupIndex { get; set; }

    /// <summary>Step name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Snowflake id of the step: the fence key (with the xid) on the participant.</summary>
    public long BranchId { get; set; }

    /// <summary>Current status.</summary>
    public SagaStepStatus Status { get; set; } = SagaStepStatus.Pending;

    /// <summary>Action calls made (or about to be made).</summary>
    public int Attempts { get; set; }

    /// <summary>Compensation calls made (or about to be made).</summary>
    public int CompensationAttempts { get; set; }

    /// <summary>Output of the succeeded action.</summary>
    public string? Output { get; set; }

    /// <summary>Last error of the action or compensation.</summary>
    public string? LastError { get; set; }

    /// <summary>Earliest time of the next call of this step, when it waits for a retry.</summary>
    public long? NextRetryUnixMs { get; set; }

    /// <summary>When the first action call started.</summary>
    public long? StartedUnixMs { get; set; }

    /// <summary>When the step reached Succeeded, Failed or Compensated.</summary>
    public long? FinishedUnixMs { get; set; }

    /// <summary>Last change.</summary>
    public long UpdatedUnixMs { get; set; }

    /// <summary>A copy, so a driver can change state without touching what it read.</summary>
    public SagaStepState Clone() => (SagaStepState)MemberwiseClone();
}
