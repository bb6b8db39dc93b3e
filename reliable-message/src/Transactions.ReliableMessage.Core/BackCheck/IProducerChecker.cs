using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.BackCheck;

/// <summary>Asks a producer whether the local transaction of a prepared message committed.</summary>
public interface IProducerChecker
{
    /// <summary>True for Commit, false for Rollback. Throws when the producer gives no answer.</summary>
    /// <param name="message">The prepared message (its <see cref="StoredMessage.CheckEndpoint"/> is set).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The producer's decision.</returns>
    /// <exception cref="ProducerCheckException">No decision (unreachable, timeout, error, unspecified answer).</exception>
    Task<bool> ShouldCommitAsync(StoredMessage message, CancellationToken cancellationToken);
}
