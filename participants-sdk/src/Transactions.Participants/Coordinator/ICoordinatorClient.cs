namespace Transactions.Participants.Coordinator;

/// <summary>
/// The SDK's view of the coordinator's TC protocol (TransactionManager and ResourceManager services), with
/// retries. Every failure is a <see cref="TransactionCoordinatorException"/> (or an
/// <see cref="OperationCanceledException"/> when the caller cancelled).
/// </summary>
internal interface ICoordinatorClient
{
    Task<BeginResult> BeginAsync(string name, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Commits; transient failures are retried with backoff until <paramref name="retryUntil"/> (the transaction's
    /// deadline: past it the coordinator rolls an undecided transaction back) when given, else like other calls.
    /// </summary>
    Task<GlobalTransactionStatus> CommitAsync(long xid, bool returnAfterDecision, DateTimeOffset? retryUntil, CancellationToken cancellationToken);

    Task<GlobalTransactionStatus> RollbackAsync(long xid, string? reason, CancellationToken cancellationToken);

    Task<GlobalTransactionInfo> GetStatusAsync(long xid, CancellationToken cancellationToken);

    Task<long> RegisterBranchAsync(BranchRegistration registration, CancellationToken cancellationToken);

    Task ReportBranchFailedAsync(long xid, long branchId, string error, CancellationToken cancellationToken);
}
