namespace Transactions.Participants;

/// <summary>
/// A Confirm or Cancel method asked <see cref="TccContext"/> for an argument that the action context
/// does not hold, or that cannot be read as the requested type.
/// </summary>
public sealed class TccActionContextException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="xid">The global transaction.</param>
    /// <param name="innerException">The deserialization error, when there is one.</param>
    public TccActionContextException(string message, long xid, Exception? innerException = null)
        : base(message, xid, innerException)
    {
    }
}
