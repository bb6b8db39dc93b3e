using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Storage;
using Transactions.Scheduling.Options;
using Transactions.Scheduling.Retention;

namespace Transactions.ReliableMessage.Service.Jobs;

/// <summary>
/// Recurring job <c>reliable-message.retention</c>: deletes rolled-back messages and published messages every
/// consumer group acknowledged (or whose dead letter an administrator discarded), last changed more than
/// <c>Jobs:Retention:Age</c> ago, with their deliveries and history (<see cref="IMessageRetentionStore"/>).
/// </summary>
internal sealed class MessageRetentionJob(IMessageRetentionStore store, IOptions<JobsOptions> options, TimeProvider time)
    : RetentionJob(options, time)
{
    /// <summary>The stable recurring job id.</summary>
    public const string Id = "reliable-message.retention";

    protected override Task<int> DeleteBatchAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken) =>
        store.DeleteFinishedAsync(beforeUnixMs, maxCount, cancellationToken);
}
