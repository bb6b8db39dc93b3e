using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;

namespace Transactions.ReliableMessage.Consumer.Inbox;

/// <summary>
/// Deletes inbox (de-duplication) rows of <typeparamref name="TContext"/> older than
/// <see cref="MessageInboxCleanerOptions.Retention"/> (by <c>processed_unix_ms</c>, every consumer group), in batches,
/// bounded per run (<see cref="RowCleaner{TOptions}.CleanOnceAsync"/>): at start and then every
/// <see cref="RowCleanerOptions.CleanupInterval"/> as a background service, or as a Hangfire job
/// (<c>Transactions.Participants.Hangfire</c>; it is an <see cref="IRowCleaner"/> named <c>message-inbox:</c> + the
/// context's full type name). The context is the scoped <typeparamref name="TContext"/>, like the handlers'.
/// </summary>
/// <remarks>
/// SAFETY RULE (written again in <see cref="MessageInboxCleanerOptions"/> and the README): an inbox row may go only
/// when no delivery can still bring its message again, because the row is all that stops a redelivered copy from
/// running the handler twice. The row is written when a copy is processed, which is after the first delivery; the
/// service sends copies for at most <see cref="ServiceRedeliverySettings.Window"/> after the first delivery (1 h 48 min
/// 32.5 s with its defaults), and a copy waits in the transport at most <see cref="MessageInboxCleanerOptions.MaxDeliveryLag"/>
/// (Kafka: the topics' retention, 7 days by default). So a row older than window + lag cannot be hit again; the
/// validator adds a day, the default retention is 14 days. What this cannot bound: an administrator's requeue of a dead
/// letter (any time later: do not requeue a message older than the retention to a group that may have processed it)
/// and redeliveries that waited through a service outage longer than the margin.
/// </remarks>
/// <typeparam name="TContext">The consumer's DbContext (with <c>AddMessageInbox()</c>).</typeparam>
public sealed class MessageInboxCleaner<TContext>(
    IServiceScopeFactory scopes,
    IOptionsMonitor<MessageInboxCleanerOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageInboxCleaner<TContext>> logger)
    : RowCleaner<MessageInboxCleanerOptions>(
        "message-inbox:" + (typeof(TContext).FullName ?? typeof(TContext).Name), scopes, options, timeProvider, logger)
    where TContext : DbContext
{
    /// <inheritdoc />
    protected override Func<int, CancellationToken, Task<int>> DeleteBatchFor(IServiceProvider services, long cutoffUnixMs)
    {
        var db = services.GetRequiredService<TContext>();
        return (size, ct) => db.Set<InboxRecord>()
            .Where(r => r.ProcessedUnixMs < cutoffUnixMs)
            .OrderBy(r => r.ProcessedUnixMs)
            .Take(size)
            .ExecuteDeleteAsync(ct);
    }
}
