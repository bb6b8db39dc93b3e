namespace Transactions.Participants.Tcc;

/// <summary>The answer to the coordinator for one Confirm/Cancel call.</summary>
/// <param name="Succeeded">True for SUCCEEDED, false for RETRY_LATER.</param>
/// <param name="Message">Why RETRY_LATER (type and message of the failure, never a stack trace); empty on success.</param>
internal readonly record struct TccPhaseResult(bool Succeeded, string Message)
{
    public static TccPhaseResult Success { get; } = new(true, string.Empty);

    public static TccPhaseResult RetryLater(string message) => new(false, message);
}
