namespace Transactions.Participants;

/// <summary>
/// A global transaction begun (or joined) by <see cref="ITransactionManager.BeginAsync"/>. Like
/// <c>System.Transactions.TransactionScope</c>: commit it when the work succeeded; disposing it without a
/// commit rolls the global transaction back (a joined scope too: an inner failure dooms the whole transaction).
/// </summary>
public interface IGlobalTransactionScope : IAsyncDisposable
{
    /// <summary>The global transaction id.</summary>
    long Xid { get; }

    /// <summary>The business name given to Begin.</summary>
    string Name { get; }

    /// <summary>
    /// <see langword="true"/> when this scope joined an ambient transaction begun elsewhere (a caller's
    /// scope, or the <c>tx-xid</c> header of the incoming request): <see cref="CommitAsync"/> then only marks
    /// this part done and the outermost scope decides.
    /// </summary>
    bool IsJoined { get; }

    /// <summary>
    /// Commits: the coordinator durably decides to commit, then confirms every branch. Returns
    /// <see cref="GlobalTransactionStatus.Committed"/>, or <see cref="GlobalTransactionStatus.Committing"/> when
    /// the decision is durable and Confirms are still being delivered (or
    /// <see cref="TransactionsOptions.CommitReturnsAfterDecision"/> is set). A joined scope returns
    /// <see cref="GlobalTransactionStatus.Active"/> without calling the coordinator.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting; the outcome is then decided by the coordinator alone.</param>
    /// <returns>The status after the commit.</returns>
    /// <exception cref="GlobalTransactionRolledBackException">The transaction had already been rolled back (timeout, failed Try, ...).</exception>
    /// <exception cref="TransactionOutcomeUnknownException">The coordinator could not be reached to confirm the commit.</exception>
    /// <exception cref="InvalidOperationException">The scope was already committed or rolled back.</exception>
    Task<GlobalTransactionStatus> CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Rolls the global transaction back (a joined scope rolls back the whole transaction).</summary>
    /// <param name="reason">Why, kept in the transaction's history (at most 1024 characters).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The status after the rollback.</returns>
    /// <exception cref="TransactionCoordinatorException">The coordinator refused (commit already decided) or could not be reached.</exception>
    Task<GlobalTransactionStatus> RollbackAsync(string? reason = null, CancellationToken cancellationToken = default);
}
