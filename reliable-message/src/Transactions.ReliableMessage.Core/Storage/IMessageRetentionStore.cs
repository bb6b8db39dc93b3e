namespace Transactions.ReliableMessage.Storage;

/// <summary>Deletes finished messages for the retention job (see the README, "Scheduled jobs").</summary>
public interface IMessageRetentionStore
{
    /// <summary>
    /// Deletes, in one local transaction, at most <paramref name="maxCount"/> finished messages last changed before
    /// <paramref name="beforeUnixMs"/>, with their deliveries and history events: rolled-back messages, and published
    /// messages whose every delivery is acknowledged (or a dead letter an administrator discarded) and last changed
    /// before the cut-off too. A prepared message (awaiting its back-check), a committed one (awaiting publication), a
    /// parked one, and a published one with a pending, unacknowledged or dead (unresolved) delivery stay, whatever their
    /// age. The producer key goes with its message: a Prepare replayed after that is a new message. Safe to repeat.
    /// </summary>
    /// <param name="beforeUnixMs">The cut-off (Unix ms).</param>
    /// <param name="maxCount">Most messages to delete.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many messages went.</returns>
    Task<int> DeleteFinishedAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken);
}
