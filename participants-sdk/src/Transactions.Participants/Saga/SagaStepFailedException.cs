namespace Transactions.Participants;

/// <summary>
/// Thrown by a saga action for a business failure (out of stock, card declined): the coordinator does not
/// retry the step; the saga compensates the steps that ran. Any other exception is retried.
/// </summary>
public sealed class SagaStepFailedException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the step failed; shown in the saga's history.</param>
    public SagaStepFailedException(string message)
        : base(message)
    {
    }
}
