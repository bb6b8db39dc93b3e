namespace Transactions.Participants;

/// <summary>
/// A commit was refused because the global transaction had already been rolled back (it timed out, a
/// participant's Try failed, a nested scope or another caller rolled it back). Every branch is, or
/// will be, cancelled: nothing of the transaction takes effect.
/// </summary>
public sealed class GlobalTransactionRolledBackException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="xid">The global transaction.</param>
    /// <param name="detail">Why the coordinator refused (it names the rollback reason when known).</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public GlobalTransactionRolledBackException(long xid, string detail, Exception? innerException = null)
        : base($"Global transaction {xid} cannot commit: it was rolled back. {detail}", xid, innerException)
    {
        Detail = detail;
    }

    /// <summary>The coordinator's explanation.</summary>
    public string Detail { get; }
}
