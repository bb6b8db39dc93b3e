using Grpc.Core;
using Microsoft.Extensions.Logging;
using Transactions.Participants.Context;
using Transactions.Participants.Logging;

namespace Transactions.Participants.Manager;

/// <summary>A global transaction this process began: it commits or rolls it back.</summary>
internal sealed class LaunchedTransactionScope(
    TransactionManager manager,
    TransactionContextScope contextScope,
    long xid,
    string name,
    DateTimeOffset deadline) : IGlobalTransactionScope
{
    private const int Open = 0;
    private const int Ending = 1;
    private const int Ended = 2;

    private int _state;

    public long Xid => xid;

    public string Name => name;

    public bool IsJoined => false;

    public async Task<GlobalTransactionStatus> CommitAsync(CancellationToken cancellationToken = default)
    {
        Enter("commit");
        try
        {
            var status = await manager.Client.CommitAsync(xid, manager.Options.CommitReturnsAfterDecision, deadline, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, Ended);
            contextScope.Holder.Clear();
            TransactionsLog.Committed(manager.Logger, xid, status);
            return status;
        }
        catch (TransactionCoordinatorException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            Volatile.Write(ref _state, Ended);
            contextScope.Holder.Clear();
            throw new GlobalTransactionRolledBackException(xid, ex.Detail, ex);
        }
        catch (TransactionCoordinatorException ex) when (CoordinatorOutcomeUnknown(ex.StatusCode))
        {
            // The decision may or may not be recorded: dispose will ask for a rollback, which the coordinator
            // refuses if the commit went through.
            Volatile.Write(ref _state, Open);
            TransactionsLog.CommitOutcomeUnknown(manager.Logger, xid, ex);
            throw new TransactionOutcomeUnknownException(xid, ex);
        }
        catch
        {
            Volatile.Write(ref _state, Open);
            throw;
        }
    }

    public async Task<GlobalTransactionStatus> RollbackAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        Enter("roll back");
        try
        {
            var status = await manager.Client.RollbackAsync(xid, reason ?? "rolled back by the application", cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _state, Ended);
            contextScope.Holder.Clear();
            TransactionsLog.RolledBack(manager.Logger, xid, reason);
            return status;
        }
        catch
        {
            Volatile.Write(ref _state, Open);
            throw;
        }
    }

    /// <summary>
    /// Restores the ambient transaction synchronously (in the caller's flow), then rolls back when the scope
    /// was neither committed nor rolled back. Never throws for a failed rollback: it is logged and the
    /// coordinator rolls the transaction back at its deadline anyway.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        contextScope.Dispose();
        return Interlocked.CompareExchange(ref _state, Ended, Open) == Open ? new ValueTask(RollbackOnDisposeAsync()) : ValueTask.CompletedTask;
    }

    private static bool CoordinatorOutcomeUnknown(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;

    private async Task RollbackOnDisposeAsync()
    {
        try
        {
            await manager.Client.RollbackAsync(xid, "scope disposed without commit", CancellationToken.None).ConfigureAwait(false);
            TransactionsLog.RolledBack(manager.Logger, xid, "scope disposed without commit");
        }
        catch (Exception ex) when (ex is TransactionException or OperationCanceledException)
        {
            TransactionsLog.RollbackFailed(manager.Logger, xid, ex);
        }
    }

    private void Enter(string verb)
    {
        var previous = Interlocked.CompareExchange(ref _state, Ending, Open);
        if (previous != Open)
        {
            throw new InvalidOperationException(previous == Ending
                ? $"Global transaction {xid} is already being committed or rolled back; cannot {verb} it concurrently."
                : $"Global transaction {xid} was already committed or rolled back; cannot {verb} it again.");
        }
    }
}
