namespace Transactions.Participants;

/// <summary>What <see cref="ITccPhaseExecutor.ExecuteSagaActionAsync"/> did with a saga step's action.</summary>
/// <param name="Outcome"><see cref="TccPhaseOutcome.Executed"/>, or <see cref="TccPhaseOutcome.AlreadyDone"/> for a duplicate.</param>
/// <param name="Output">The action's output: this run's, or, for a duplicate, the one the fence kept (null when none).</param>
public readonly record struct SagaActionResult(TccPhaseOutcome Outcome, string? Output);
