namespace Transactions.Coordinator.Errors;

/// <summary>No global transaction (or branch) has the given id. Maps to NotFound.</summary>
public sealed class TransactionNotFoundException : CoordinatorException
{
    /// <summary>Creates the exception for a transaction.</summary>
    public TransactionNotFoundException(long xid)
        : base($"Global transaction {xid} was not found.")
    {
        Xid = xid;
    }

    /// <summary>Creates the exception for a branch.</summary>
    public TransactionNotFoundException(long xid, long branchId)
        : base($"Branch {branchId} of global transaction {xid} was not found.")
    {
        Xid = xid;
        BranchId = branchId;
    }

    /// <summary>The transaction asked for.</summary>
    public long Xid { get; }

    /// <summary>The branch asked for, if any.</summary>
    public long? BranchId { get; }
}
