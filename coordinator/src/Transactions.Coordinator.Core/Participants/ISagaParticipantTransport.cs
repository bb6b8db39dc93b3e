using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Participants;

/// <summary>Makes one saga step call over one protocol. Implemented by the TCC transports, which share their connections.</summary>
public interface ISagaParticipantTransport
{
    /// <summary>The protocol served.</summary>
    ParticipantProtocol Protocol { get; }

    /// <summary>Calls the participant once; timeouts and retries are the caller's.</summary>
    Task<SagaCallResult> CallSagaAsync(SagaStepCall call, CancellationToken cancellationToken);
}
