namespace Transactions.Common.Cleanup;

/// <summary>The batch loop shared by the SDK cleaners: one DELETE of at most a batch of rows at a time, a bounded number of times.</summary>
public static class BatchedDelete
{
    /// <summary>
    /// Calls <paramref name="deleteBatch"/> until it deletes fewer than <paramref name="batchSize"/> rows or
    /// <paramref name="maxBatches"/> calls were made.
    /// </summary>
    /// <param name="deleteBatch">Deletes at most the given number of rows (one statement, autocommit) and returns how many it deleted.</param>
    /// <param name="batchSize">Rows per statement, at least 1.</param>
    /// <param name="maxBatches">Statements per run, at least 1.</param>
    /// <param name="cancellationToken">Stops between (or during) batches; deleted batches stay deleted.</param>
    /// <returns>The rows deleted and whether the run stopped at its limit.</returns>
    public static async Task<BatchedDeleteResult> RunAsync(
        Func<int, CancellationToken, Task<int>> deleteBatch,
        int batchSize,
        int maxBatches,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deleteBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        var total = 0;
        for (var batch = 1; batch <= maxBatches; batch++)
        {
            var deleted = await deleteBatch(batchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < batchSize)
            {
                return new BatchedDeleteResult(total, StoppedAtLimit: false);
            }
        }

        return new BatchedDeleteResult(total, StoppedAtLimit: true);
    }
}
