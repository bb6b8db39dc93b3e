namespace Transactions.Participants;

/// <summary>
/// Runs one phase of a TCC branch: the extension point for the TCC fence. The SDK's default runs the business
/// method directly (no protection against duplicates, empty rollbacks or hanging: only for business methods
/// that are idempotent on their own). <c>AddTransactions(...).UseTccFence&lt;TContext&gt;()</c> (package
/// Transactions.Participants.EntityFrameworkCore) replaces it with the EF Core fence, which runs the business
/// method and the fence row in one local transaction of the participant's DbContext.
/// </summary>
public interface ITccPhaseExecutor
{
    /// <summary>Runs <paramref name="business"/> for <paramref name="call"/>, or skips it when the fence says so.</summary>
    /// <param name="call">The phase, branch and DI scope.</param>
    /// <param name="business">The business Try, Confirm or Cancel.</param>
    /// <param name="cancellationToken">Cancels the phase (its local transaction rolls back).</param>
    /// <returns>What happened; refusals (a Try after its Cancel, a Confirm after a Cancel) are exceptions.</returns>
    Task<TccPhaseOutcome> ExecuteAsync(TccPhaseCall call, Func<CancellationToken, Task> business, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a saga step's action (<paramref name="call"/> is a <see cref="TccPhase.Try"/>) and returns its output.
    /// The EF Core fence keeps the output in the fence row, in the action's local transaction, so a duplicate
    /// Execute (skipped) answers with the output of the run that took effect. This default runs the action through
    /// <see cref="ExecuteAsync"/> and keeps nothing: a skipped duplicate has no output.
    /// </summary>
    /// <param name="call">The Try phase of the step, its ids and DI scope.</param>
    /// <param name="action">The saga action; returns its output (or null).</param>
    /// <param name="cancellationToken">Cancels the call (its local transaction rolls back).</param>
    /// <returns>What happened, and the output of the run that took effect.</returns>
    async Task<SagaActionResult> ExecuteSagaActionAsync(TccPhaseCall call, Func<CancellationToken, Task<string?>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        string? output = null;
        var outcome = await ExecuteAsync(call, async ct => output = await action(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new SagaActionResult(outcome, output);
    }
}
