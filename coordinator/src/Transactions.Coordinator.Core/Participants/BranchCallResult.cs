namespace Transactions.Coordinator.Participants;

/// <summary>Outcome of one phase-2 call.</summary>
/// <param name="Succeeded">True when the participant reported the action done.</param>
/// <param name="Error">Why it did not succeed.</param>
/// <param name="Calls">Calls made to the participant for this result (quick retries included).</param>
public readonly record struct BranchCallResult(bool Succeeded, string? Error, int Calls = 1)
{
    /// <summary>The participant did it.</summary>
    public static BranchCallResult Success { get; } = new(true, null);

    /// <summary>It did not, for the given reason; it will be retried.</summary>
    public static BranchCallResult Failure(string error) => new(false, error);
}
