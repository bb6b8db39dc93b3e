using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Participants.Context;
using Transactions.Participants.Coordinator;
using Transactions.Participants.Diagnostics;
using Transactions.Participants.Logging;

namespace Transactions.Participants.Manager;

/// <summary>
/// <see cref="ITransactionManager"/> over the coordinator client. <see cref="BeginAsync"/> is deliberately
/// not an <c>async</c> method: it installs the ambient-transaction cell in the CALLER's flow synchronously, and
/// the asynchronous part fills in the XID once the coordinator answered.
/// </summary>
internal sealed class TransactionManager(
    ICoordinatorClient client,
    IOptions<TransactionsOptions> options,
    ILogger<TransactionManager> logger) : ITransactionManager
{
    public const int MaxNameLength = 128;

    private readonly TransactionsOptions _options = options.Value;

    internal ICoordinatorClient Client => client;

    internal TransactionsOptions Options => _options;

    internal ILogger Logger => logger;

    public Task<IGlobalTransactionScope> BeginAsync(string name, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException($"A global transaction name must be at most {MaxNameLength} characters.", nameof(name));
        }

        var effectiveTimeout = timeout ?? _options.DefaultTimeout;
        if (effectiveTimeout <= TimeSpan.Zero || effectiveTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), effectiveTimeout, "The timeout must be positive (and under 24 days).");
        }

        if (TransactionContext.CurrentXid is { } ambient)
        {
            TransactionsLog.Joined(logger, ambient, name);
            return Task.FromResult<IGlobalTransactionScope>(new JoinedTransactionScope(this, ambient, name));
        }

        var contextScope = TransactionContext.Install(new TransactionContextHolder());
        return BeginCoreAsync(contextScope, name, effectiveTimeout, cancellationToken);
    }

    public Task<GlobalTransactionInfo> GetStatusAsync(long xid, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(xid);
        return client.GetStatusAsync(xid, cancellationToken);
    }

    private async Task<IGlobalTransactionScope> BeginCoreAsync(TransactionContextScope contextScope, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var begun = await client.BeginAsync(name, timeout, cancellationToken).ConfigureAwait(false);
            contextScope.Holder.Set(begun.Xid);
            ParticipantsDiagnostics.TagCurrent(begun.Xid);
            TransactionsLog.Begun(logger, begun.Xid, name, (long)timeout.TotalMilliseconds);
            return new LaunchedTransactionScope(this, contextScope, begun.Xid, name, begun.Deadline);
        }
        catch
        {
            // The cell stays installed in the caller's flow (it cannot be removed from here) but is empty:
            // no ambient transaction, as before.
            contextScope.Dispose();
            throw;
        }
    }
}
