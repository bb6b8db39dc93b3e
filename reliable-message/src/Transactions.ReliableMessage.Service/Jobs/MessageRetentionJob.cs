using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Storage;
using Transactions.Scheduling.Options;
using Transactions.Scheduling.Retention;

namespace Transactions.ReliableMessage.Service.Jobs;

/// <summary>
/// Recurring job <c>reliable-message.retention</c>: deletes rolled-back messages and published messages every
/// consumer group acknowledged (or whose dead letter an administrator discarded), last changed more than
/// <c>Jobs:Retention:Age</c> ago, with their deliveries and history (<see cref="IMessageRetentionStore"/>); then
/// acknowledged best-effort notifications past the same age (<see cref="INotificationStore"/>; failed ones wait for an
/// operator whatever their age).
/// </summary>
internal sealed class MessageRetentionJob(IMessageRetentionStore store, INotificationStore notifications, IOptions<JobsOptions> options, TimeProvider time)
    : RetentionJob(options, time)
{
    /// <summary>The stable recurring job id.</summary>
    public const string Id = "reliable-message.retention";

    protected override async Task<int> DeleteBatchAsync(long beforeUnixMs, int maxCount, CancellationToken cancellationToken)
    {
        var messages = await store.DeleteFinishedAsync(beforeUnixMs, maxCount, cancellationToken).ConfigureAwait(false);
        return messages == maxCount
            ? messages
            : messages + await notifications.DeleteAcknowledgedAsync(beforeUnixMs, maxCount - messages, cancellationToken).ConfigureAwait(false);
    }
}
