namespace Transactions.Coordinator.Domain;

/// <summary>A branch (one participant's part) of a global transaction, as persisted.</summary>
public sealed class BranchTransaction
{
    /// <summary>Snowflake id.</summary>
    public long BranchId { get; set; }

    /// <summary>Owning global transaction.</summary>
    public long Xid { get; set; }

    /// <summary>1-based registration order within the transaction (cancel runs in reverse).</summary>
    public int Ordinal { get; set; }

    /// <summary>Logical resource, e.g. "stock-service".</summary>
    public string ResourceId { get; set; } = string.Empty;

    /// <summary>Action (Try method) name.</summary>
    public string ActionName { get; set; } = string.Empty;

    /// <summary>TCC or Saga.</summary>
    public BranchType BranchType { get; set; }

    /// <summary>Where phase 2 is called.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Transport of <see cref="Endpoint"/>.</summary>
    public ParticipantProtocol Protocol { get; set; }

    /// <summary>Opaque context passed back to Confirm/Cancel.</summary>
    public string? ActionContext { get; set; }

    /// <summary>
    /// The registering caller's key, unique within the global transaction (null: none). A registration retried
    /// with the same key answers the branch registered first instead of adding another.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Current status.</summary>
    public BranchStatus Status { get; set; }

    /// <summary>Phase-2 calls made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Last phase-2 error, if any.</summary>
    public string? LastError { get; set; }

    /// <summary>Earliest time of the next phase-2 call for this branch.</summary>
    public long? NextRetryUnixMs { get; set; }

    /// <summary>Registration time.</summary>
    public long CreatedUnixMs { get; set; }

    /// <summary>Last change.</summary>
    public long UpdatedUnixMs { get; set; }
}
