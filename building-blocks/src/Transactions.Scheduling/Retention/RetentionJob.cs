using Microsoft.Extensions.Options;
using Transactions.Scheduling.Jobs;
using Transactions.Scheduling.Options;

namespace Transactions.Scheduling.Retention;

/// <summary>
/// The retention job's loop, shared by both services: deletes finished work whose last change is older than
/// <c>Jobs:Retention:Age</c>, one batch of <c>BatchSize</c> rows per statement group (one local transaction each), until
/// a batch comes back short or <c>MaxRowsPerRun</c> rows went. What may go is the service's store's rule
/// (<see cref="DeleteBatchAsync"/>). Idempotent: a run cut off part-way leaves whole batches done and the rest for
/// the next run.
/// </summary>
/// <param name="options">The jobs options.</param>
/// <param name="time">The clock.</param>
public abstract class RetentionJob(IOptions<JobsOptions> options, TimeProvider time) : IRecurringJob
{
    /// <inheritdoc />
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        var beforeUnixMs = (time.GetUtcNow() - retention.Age).ToUnixTimeMilliseconds();
        long total = 0;
        while (total < retention.MaxRowsPerRun)
        {
            var batch = (int)Math.Min(retention.BatchSize, retention.MaxRowsPerRun - total);
            var deleted = await DeleteBatchAsync(beforeUnixMs, batch, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < batch)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Deletes at most <paramref name="maxCount"/> finished rows last changed before <paramref name="beforeUnixMs"/>.</summary>
    /// <param name="beforeUnixMs">The cut-off (Unix ms).</param>
    /// <param name="maxCount">Most rows to delete.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many went.</returns>
    protected abstract Task<int> DeleteBatchAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken);
}
