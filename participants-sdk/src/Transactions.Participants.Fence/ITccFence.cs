using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.Fence;

/// <summary>
/// Runs a participant's Try / Confirm / Cancel business actions behind the TCC fence, so that
/// duplicates, a Cancel that arrives before its Try (empty rollback) and a Try that arrives after its
/// Cancel (hanging) are handled, on SQLite, PostgreSQL and SQL Server.
/// </summary>
/// <remarks>
/// <para>
/// Each call writes or changes the fence row for (xid, branch id)
/// and runs the business action in ONE local transaction on the given context: the fence opens one
/// (through the context's execution strategy), or, when <c>db.Database.CurrentTransaction</c> is already
/// set, joins it with a savepoint and leaves the commit to the caller. After the business action the fence
/// saves pending changes of the context (so the action may or may not call <c>SaveChangesAsync</c>
/// itself), then commits. If anything throws, the fence change and the business change are rolled back
/// together and the exception is rethrown; the context's change tracker may then hold the failed
/// changes, so discard the context.
/// </para>
/// <para>
/// Concurrent calls for the same branch (each on its own context) are decided by the database: the
/// primary key on (xid, branch_id) for inserts and conditional updates
/// (<c>UPDATE ... WHERE state = expected</c>) whose affected-row count decides who runs the business
/// action. Use the default READ COMMITTED isolation (PostgreSQL, SQL Server) when joining a caller's
/// transaction.
/// </para>
/// <para>
/// Every <see cref="TccFenceOutcome"/> is a success for the coordinator. Refusals are exceptions:
/// <see cref="TccFenceTryRefusedException"/> (Try after Cancel) and
/// <see cref="TccFenceProtocolViolationException"/> (Confirm without Try or after Cancel, Cancel after
/// Confirm). With a retrying execution strategy (e.g. <c>EnableRetryOnFailure</c>) the whole call is retried
/// after a transient failure: the failed attempt was rolled back, the fence clears the context's change
/// tracker and runs again (the fence itself is safe to retry), so load what the action changes inside the
/// action.
/// </para>
/// </remarks>
/// <typeparam name="TContext">The participant's DbContext, whose model includes <c>modelBuilder.AddTccFence()</c>.</typeparam>
public interface ITccFence<in TContext>
    where TContext : DbContext
{
    /// <summary>
    /// First phase. No row: inserts <see cref="TccFenceState.Tried"/> and runs <paramref name="business"/>
    /// (<see cref="TccFenceOutcome.Executed"/>). Row already <see cref="TccFenceState.Tried"/> or
    /// <see cref="TccFenceState.Committed"/>: duplicate, <see cref="TccFenceOutcome.AlreadyDone"/> without
    /// running it. Row <see cref="TccFenceState.Suspended"/> or <see cref="TccFenceState.RolledBack"/>:
    /// throws <see cref="TccFenceTryRefusedException"/> (anti-hanging) without running it.
    /// </summary>
    /// <param name="db">The participant's context; the business action must use this same instance.</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name (1 to <see cref="TccFenceRecord.ActionNameMaxLength"/> characters).</param>
    /// <param name="business">The business Try (reserve resources) on <paramref name="db"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the local transaction is rolled back).</param>
    /// <returns><see cref="TccFenceOutcome.Executed"/> or <see cref="TccFenceOutcome.AlreadyDone"/>.</returns>
    /// <exception cref="TccFenceTryRefusedException">The branch was already cancelled.</exception>
    Task<TccFenceOutcome> TryAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="TryAsync"/> for a saga step's action, which has an output: on the first run the output
    /// <paramref name="business"/> returns is kept in the fence row (column <c>output</c>), in the same local
    /// transaction; a duplicate (row <see cref="TccFenceState.Tried"/> or <see cref="TccFenceState.Committed"/>)
    /// does not run it and returns the kept output with <see cref="TccFenceOutcome.AlreadyDone"/>. Refused like
    /// <see cref="TryAsync"/> after a Cancel. Needs the <c>output</c> column (a migration after upgrading).
    /// </summary>
    /// <param name="db">The participant's context; the business action must use this same instance.</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id (the saga step's id).</param>
    /// <param name="actionName">Action name (1 to <see cref="TccFenceRecord.ActionNameMaxLength"/> characters).</param>
    /// <param name="business">The saga action on <paramref name="db"/>; returns its output (or null).</param>
    /// <param name="cancellationToken">Cancels the call (the local transaction is rolled back).</param>
    /// <returns>The outcome, with this run's output or the kept one.</returns>
    /// <exception cref="TccFenceTryRefusedException">The step was already compensated (cancelled).</exception>
    Task<TccFenceResult> TryKeepingOutputAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task<string?>> business,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Second phase, commit. Row <see cref="TccFenceState.Tried"/>: changes it to
    /// <see cref="TccFenceState.Committed"/> and runs <paramref name="business"/>
    /// (<see cref="TccFenceOutcome.Executed"/>). Already <see cref="TccFenceState.Committed"/>:
    /// <see cref="TccFenceOutcome.AlreadyDone"/> without running it. No row, or
    /// <see cref="TccFenceState.RolledBack"/> / <see cref="TccFenceState.Suspended"/>: throws
    /// <see cref="TccFenceProtocolViolationException"/>.
    /// </summary>
    /// <param name="db">The participant's context; the business action must use this same instance.</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name (1 to <see cref="TccFenceRecord.ActionNameMaxLength"/> characters).</param>
    /// <param name="business">The business Confirm (use the reservation) on <paramref name="db"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the local transaction is rolled back).</param>
    /// <returns><see cref="TccFenceOutcome.Executed"/> or <see cref="TccFenceOutcome.AlreadyDone"/>.</returns>
    /// <exception cref="TccFenceProtocolViolationException">The branch was never tried or was cancelled.</exception>
    Task<TccFenceOutcome> ConfirmAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Second phase, rollback. No row: inserts <see cref="TccFenceState.Suspended"/> without running
    /// <paramref name="business"/> (<see cref="TccFenceOutcome.EmptyRollback"/>; a later Try is refused).
    /// Row <see cref="TccFenceState.Tried"/>: changes it to <see cref="TccFenceState.RolledBack"/> and runs
    /// <paramref name="business"/> (<see cref="TccFenceOutcome.Executed"/>). Already
    /// <see cref="TccFenceState.RolledBack"/> / <see cref="TccFenceState.Suspended"/>:
    /// <see cref="TccFenceOutcome.AlreadyDone"/>. <see cref="TccFenceState.Committed"/>: throws
    /// <see cref="TccFenceProtocolViolationException"/>.
    /// </summary>
    /// <param name="db">The participant's context; the business action must use this same instance.</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name (1 to <see cref="TccFenceRecord.ActionNameMaxLength"/> characters).</param>
    /// <param name="business">The business Cancel (release the reservation) on <paramref name="db"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the local transaction is rolled back).</param>
    /// <returns><see cref="TccFenceOutcome.Executed"/>, <see cref="TccFenceOutcome.EmptyRollback"/> or <see cref="TccFenceOutcome.AlreadyDone"/>.</returns>
    /// <exception cref="TccFenceProtocolViolationException">The branch was already confirmed.</exception>
    Task<TccFenceOutcome> CancelAsync(
        TContext db,
        long xid,
        long branchId,
        string actionName,
        Func<CancellationToken, Task> business,
        CancellationToken cancellationToken = default);
}
