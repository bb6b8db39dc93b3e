namespace Transactions.Coordinator.Domain;

/// <summary>A saga's definition as submitted (validated JSON), one row per saga.</summary>
public sealed class SagaRecord
{
    /// <summary>The saga (its global transaction).</summary>
    public long Xid { get; set; }

    /// <summary>The definition JSON.</summary>
    public string Definition { get; set; } = string.Empty;
}
