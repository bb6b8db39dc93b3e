using Microsoft.Extensions.Options;
using Transactions.Coordinator.Storage;
using Transactions.Scheduling.Options;
using Transactions.Scheduling.Retention;

namespace Transactions.Coordinator.Jobs;

/// <summary>
/// Recurring job <c>coordinator.retention</c>: deletes terminal transactions (Committed, RolledBack) that need no
/// attention and were last changed more than <c>Jobs:Retention:Age</c> ago, with their branches, history and saga
/// rows (<see cref="ITransactionRetentionStore"/>).
/// </summary>
internal sealed class TransactionRetentionJob(ITransactionRetentionStore store, IOptions<JobsOptions> options, TimeProvider time)
    : RetentionJob(options, time)
{
    /// <summary>The stable recurring job id.</summary>
    public const string Id = "coordinator.retention";

    protected override Task<int> DeleteBatchAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken) =>
        store.DeleteFinishedAsync(beforeUnixMs, maxCount, cancellationToken);
}
