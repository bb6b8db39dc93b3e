namespace Transactions.Coordinator.Domain;

/// <summary>One entry of a transaction's history: who did what, when, with what result.</summary>
public sealed class TransactionEvent
{
    /// <summary>Database-generated identity.</summary>
    public long Id { get; set; }

    /// <summary>The transaction.</summary>
    public long Xid { get; set; }

    /// <summary>The branch, for branch events.</summary>
    public long? BranchId { get; set; }

    /// <summary>When it happened.</summary>
    public long AtUnixMs { get; set; }

    /// <summary>What happened, see <see cref="TransactionEventKinds"/>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>Who did it: a coordinator instance, an application, or an admin.</summary>
    public string Actor { get; set; } = string.Empty;

    /// <summary>Free text: reason, error, outcome.</summary>
    public string? Detail { get; set; }
}
