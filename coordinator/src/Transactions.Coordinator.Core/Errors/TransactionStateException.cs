using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Errors;

/// <summary>The transaction is not in a status that allows the request. Maps to FailedPrecondition.</summary>
public sealed class TransactionStateException(long xid, GlobalStatus status, string message) : CoordinatorException(message)
{
    /// <summary>The transaction.</summary>
    public long Xid { get; } = xid;

    /// <summary>Its status when the request was refused.</summary>
    public GlobalStatus Status { get; } = status;
}
