using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>Makes a phase-2 call with the configured timeout and quick retries. Never throws for participant failures.</summary>
public interface IParticipantInvoker
{
    /// <summary>
    /// Calls Confirm or Cancel on the branch's participant. <paramref name="attempt"/> is the number of the
    /// first call made here (quick retries number on from it); the result says how many calls were made.
    /// </summary>
    Task<BranchCallResult> InvokeAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken);
}
