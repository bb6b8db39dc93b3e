namespace Transactions.Common.Cleanup;

/// <summary>
/// A cleaner of an SDK table in a service's own database (the TCC fence, the message barrier, the message inbox):
/// one run deletes the rows that are safe to delete, in batches, bounded per run. Every SDK registers its cleaners
/// as <see cref="IRowCleaner"/> too, so one scheduler can run all of them: the SDK's own background loop
/// (<see cref="RowCleanerLoop"/>), or Hangfire (<c>Transactions.Participants.Hangfire</c>).
/// </summary>
public interface IRowCleaner
{
    /// <summary>
    /// Stable name, unique per service: the kind of table and the DbContext's full type name, e.g.
    /// <c>tcc-fence:Orders.OrderDbContext</c>. Scheduled job ids are made from it: never change it casually.
    /// </summary>
    string Name { get; }

    /// <summary>Whether the cleaner may delete at all (its options' <c>CleanerEnabled</c>); a disabled cleaner's run deletes nothing.</summary>
    bool Enabled { get; }

    /// <summary>Runs one bounded cleanup now (idempotent: several instances may run it at once).</summary>
    /// <param name="cancellationToken">Stops between (or during) batches; deleted batches stay deleted.</param>
    /// <returns>The number of rows deleted.</returns>
    Task<int> CleanOnceAsync(CancellationToken cancellationToken = default);
}
