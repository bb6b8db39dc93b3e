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
}
