namespace Transactions.Participants;

/// <summary>
/// A service registered with <c>AddTccParticipant</c> / <c>AddGlobalTransactional</c> is not a valid
/// transactional service (a Confirm or Cancel method is missing or has the wrong signature, an action
/// name is used twice, an attributed method is not async or not on the service interface, ...).
/// Thrown at registration, so the mistake surfaces when the application starts.
/// </summary>
public sealed class TccActionDefinitionException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="serviceType">The implementation type being registered.</param>
    /// <param name="problem">What is wrong, naming the method.</param>
    public TccActionDefinitionException(Type serviceType, string problem)
        : base($"{serviceType.FullName}: {problem}")
    {
        ServiceType = serviceType;
    }

    /// <summary>The implementation type being registered.</summary>
    public Type ServiceType { get; }
}
