namespace Transactions.ReliableMessage.Errors;

/// <summary>Base of the errors the service reports to callers; each maps to one gRPC status code.</summary>
public abstract class ReliableMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected ReliableMessageException(string message)
        : base(message)
    {
    }
}
