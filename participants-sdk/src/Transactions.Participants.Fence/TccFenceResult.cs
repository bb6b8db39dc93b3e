namespace Transactions.Participants.Fence;

/// <summary>What <see cref="ITccFence{TContext}.TryKeepingOutputAsync"/> did, with the action's output.</summary>
/// <param name="Outcome"><see cref="TccFenceOutcome.Executed"/> or <see cref="TccFenceOutcome.AlreadyDone"/>.</param>
/// <param name="Output">This run's output, or for a duplicate the output kept by the run that took effect (null when none).</param>
public readonly record struct TccFenceResult(TccFenceOutcome Outcome, string? Output);
