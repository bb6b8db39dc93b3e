namespace Transactions.ReliableMessage.BackCheck;

/// <summary>A back-check got no decision from the producer.</summary>
public sealed class ProducerCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProducerCheckException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
