namespace Transactions.Coordinator.Errors;

/// <summary>Base of the errors the coordinator reports to callers; each maps to one gRPC status code.</summary>
public abstract class CoordinatorException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected CoordinatorException(string message)
        : base(message)
    {
    }
}
