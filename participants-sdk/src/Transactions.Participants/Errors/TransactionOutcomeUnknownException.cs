namespace Transactions.Participants;

/// <summary>
/// A commit request may or may not have reached the coordinator (it became unreachable and the retries
/// ran out). The coordinator alone decides: if it recorded the commit decision, every branch will be
/// confirmed; otherwise the transaction is rolled back at its deadline. Ask
/// <see cref="ITransactionManager.GetStatusAsync"/> later to learn which.
/// </summary>
public sealed class TransactionOutcomeUnknownException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="xid">The global transaction.</param>
    /// <param name="innerException">The last failure.</param>
    public TransactionOutcomeUnknownException(long xid, Exception innerException)
        : base($"The outcome of global transaction {xid} is unknown: the commit request failed ({innerException.Message}). "
            + "The coordinator either confirms every branch or rolls the transaction back at its deadline; query its status later.", xid, innerException)
    {
    }
}
