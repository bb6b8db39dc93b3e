using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;

namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>
/// Deletes barrier rows of <typeparamref name="TContext"/> older than <see cref="MessageBarrierCleanerOptions.Retention"/>
/// (by <c>created_unix_ms</c>), in batches, bounded per run (<see cref="RowCleaner{TOptions}.CleanOnceAsync"/>): at
/// start and then every <see cref="RowCleanerOptions.CleanupInterval"/> as a background service, or as a Hangfire job
/// (<c>Transactions.Participants.Hangfire</c>; it is an <see cref="IRowCleaner"/> named <c>message-barrier:</c> + the
/// context's full type name). The context is the scoped <typeparamref name="TContext"/>, like the back-check's.
/// </summary>
/// <remarks>
/// SAFETY RULE (written again in <see cref="MessageBarrierCleanerOptions"/> and the README): a barrier row may go only
/// when no back-check can still need it. The back-check answers from this row, and writes "rolled back" when it
/// finds none: a "committed" row deleted too early turns the next check of a committed local transaction into a
/// Rollback, and the consumers never get a message whose business change committed. The service checks a message
/// for at most <see cref="ServiceBackCheckSettings.Window"/> after its Prepare (26 min 40 s with its defaults), and the
/// row is written after the Prepare, so a row older than that window cannot be asked for again by the running
/// service; the validator adds a margin of a day, the default retention is 30 days. What the window cannot bound:
/// an administrator's re-check of a parked message (any time later) and due checks that waited through a service
/// outage. Do not re-check a parked message, or restart a service after an outage, with messages prepared longer ago
/// than the retention: resolve those by hand (commit or roll back from the business data). As a last guard, the
/// back-check of a message whose id says it was prepared before the retention's cutoff, and that finds no row, fails
/// (gRPC FailedPrecondition) instead of answering Rollback (<see cref="MayHaveDeletedRowOf"/>): the service counts a
/// failed check and parks the message for an administrator, who resolves it by hand.
/// </remarks>
/// <typeparam name="TContext">The producer's DbContext (with <c>AddMessageBarrier()</c>).</typeparam>
public sealed class MessageBarrierCleaner<TContext>(
    IServiceScopeFactory scopes,
    IOptionsMonitor<MessageBarrierCleanerOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageBarrierCleaner<TContext>> logger)
    : RowCleaner<MessageBarrierCleanerOptions>(
        "message-barrier:" + (typeof(TContext).FullName ?? typeof(TContext).Name), scopes, options, timeProvider, logger)
    where TContext : DbContext
{
    /// <summary>
    /// How much earlier than the retention's cutoff a message must have been prepared before
    /// <see cref="MayHaveDeletedRowOf"/> says its row may be gone: 1 hour (clock skew between service and producer).
    /// </summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the barrier row of a message prepared at <paramref name="preparedUnixMs"/> may already have been deleted
    /// by this cleaner: prepared before now - Retention + <see cref="ClockSkewAllowance"/>. The row is written after
    /// the Prepare, so a message prepared later still has its row (if its local transaction wrote one). The back-check
    /// then refuses to answer Rollback for a message without a row: it cannot tell "never committed" from "cleaned".
    /// </summary>
    /// <param name="preparedUnixMs">When the service stored the message (from its id).</param>
    /// <returns>True when the absence of a row proves nothing.</returns>
    public bool MayHaveDeletedRowOf(long preparedUnixMs)
    {
        var settings = CurrentOptions;
        var horizon = Clock.GetUtcNow() - settings.Retention + ClockSkewAllowance;
        return settings.CleanerEnabled && preparedUnixMs < horizon.ToUnixTimeMilliseconds();
    }

    /// <inheritdoc />
    protected override Func<int, CancellationToken, Task<int>> DeleteBatchFor(IServiceProvider services, long cutoffUnixMs)
    {
        var db = services.GetRequiredService<TContext>();
        return (size, ct) => db.Set<MessageBarrierRecord>()
            .Where(r => r.CreatedUnixMs < cutoffUnixMs)
            .OrderBy(r => r.CreatedUnixMs)
            .Take(size)
            .ExecuteDeleteAsync(ct);
    }
}
