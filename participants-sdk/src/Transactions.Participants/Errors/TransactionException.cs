namespace Transactions.Participants;

/// <summary>
/// Base of the exceptions the participants SDK throws. Catch a subtype to react to one case
/// (<see cref="GlobalTransactionRolledBackException"/>, <see cref="TransactionOutcomeUnknownException"/>, ...).
/// </summary>
public abstract class TransactionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Human-readable description.</param>
    /// <param name="xid">The global transaction concerned, when there is one.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    protected TransactionException(string message, long? xid = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Xid = xid;
    }

    /// <summary>The global transaction concerned, or <see langword="null"/>.</summary>
    public long? Xid { get; }
}
