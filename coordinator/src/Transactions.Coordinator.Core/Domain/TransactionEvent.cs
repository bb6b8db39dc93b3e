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

    /// <summary>
    /// How many times it happened in a row: a branch call that fails again with the same error extends the entry of
    /// its previous failure (this count and <see cref="LastAtUnixMs"/>) instead of adding one per attempt. Default 1.
    /// </summary>
    public int Repeats { get; set; } = 1;

    /// <summary>When it last happened, once <see cref="Repeats"/> is more than 1 (<see cref="AtUnixMs"/> is the first time).</summary>
    public long? LastAtUnixMs { get; set; }
}
