using Microsoft.Extensions.Logging;
using Transactions.Participants.Logging;

namespace Transactions.Participants.Manager;

/// <summary>
/// A scope that joined an ambient global transaction begun elsewhere. Commit only marks this part done (the
/// outermost scope decides); a rollback, or disposal without commit, rolls back the whole transaction, as an
/// incomplete nested <c>TransactionScope</c> dooms its transaction.
/// </summary>
internal sealed class JoinedTransactionScope(TransactionManager manager, long xid, string name) : IGlobalTransactionScope
{
    private int _completed;

    public long Xid => xid;

    public string Name => name;

    public bool IsJoined => true;

    public Task<GlobalTransactionStatus> CommitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _completed, 1, 0) != 0)
        {
            throw new InvalidOperationException($"This scope of global transaction {xid} was already completed.");
        }

        return Task.FromResult(GlobalTransactionStatus.Active);
    }

    public async Task<GlobalTransactionStatus> RollbackAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _completed, 1, 0) != 0)
        {
            throw new InvalidOperationException($"This scope of global transaction {xid} was already completed.");
        }

        var why = reason ?? $"nested scope '{name}' rolled back";
        var status = await manager.Client.RollbackAsync(xid, why, cancellationToken).ConfigureAwait(false);
        TransactionsLog.RolledBack(manager.Logger, xid, why);
        return status;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _completed, 1, 0) != 0)
        {
            return;
        }

        try
        {
            var why = $"nested scope '{name}' disposed without commit";
            await manager.Client.RollbackAsync(xid, why, CancellationToken.None).ConfigureAwait(false);
            TransactionsLog.RolledBack(manager.Logger, xid, why);
        }
        catch (Exception ex) when (ex is TransactionException or OperationCanceledException)
        {
            TransactionsLog.RollbackFailed(manager.Logger, xid, ex);
        }
    }
}
