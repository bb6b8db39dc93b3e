using Microsoft.EntityFrameworkCore;

namespace Transactions.ReliableMessage.Producer;

/// <summary>
/// Sends reliable messages: the message is prepared (stored, invisible) before the producer's local transaction,
/// the local transaction writes a barrier row next to the business change, and the message is committed after.
/// If the producer dies in between, the service's back-check asks this application, which answers from the barrier.
/// </summary>
public interface IReliableMessageProducer
{
    /// <summary>
    /// The whole flow: Prepare; then, in one local transaction of <paramref name="db"/>, the barrier row,
    /// <paramref name="localWork"/> and <c>SaveChanges</c>; then Commit (or Rollback when the local transaction
    /// failed, and the exception is rethrown). Commit and Rollback are best effort: if they fail, the back-check
    /// reaches the same outcome.
    /// </summary>
    /// <typeparam name="TContext">The producer's DbContext, whose model includes <c>AddMessageBarrier()</c>.</typeparam>
    /// <param name="db">The context of the local transaction; it must not have a transaction yet.</param>
    /// <param name="message">The message.</param>
    /// <param name="localWork">The business change (add or change entities of <paramref name="db"/>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The message id.</returns>
    Task<long> SendAsync<TContext>(TContext db, MessageToSend message, Func<CancellationToken, Task> localWork, CancellationToken cancellationToken)
        where TContext : DbContext;

    /// <summary>Stores a half-message; returns its id.</summary>
    Task<long> PrepareAsync(MessageToSend message, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the "committed" barrier of <paramref name="messageId"/> in the CURRENT transaction of
    /// <paramref name="db"/> (for callers that manage the local transaction themselves; write it first in the
    /// transaction). Throws when there is no current transaction.
    /// </summary>
    Task WriteBarrierAsync(DbContext db, long messageId, CancellationToken cancellationToken);

    /// <summary>Makes a prepared message deliverable.</summary>
    Task CommitAsync(long messageId, CancellationToken cancellationToken);

    /// <summary>Discards a prepared message.</summary>
    Task RollbackAsync(long messageId, string? reason, CancellationToken cancellationToken);
}
