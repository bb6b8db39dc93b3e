using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>Makes one phase-2 call over one protocol. Throws on transport errors; retries are the caller's.</summary>
public interface IParticipantTransport
{
    /// <summary>The protocol served.</summary>
    ParticipantProtocol Protocol { get; }

    /// <summary>Calls the participant once.</summary>
    Task<BranchCallResult> CallAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken);
}
