using Castle.DynamicProxy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Participants.Coordinator;
using Transactions.Participants.Logging;
using Transactions.Participants.Tcc;
using Transactions.Participants.Diagnostics;

namespace Transactions.Participants.Interception;

/// <summary>
/// What runs around an intercepted call: a global transaction around a <see cref="GlobalTransactionalMethod"/>,
/// branch registration + fence + failure report around a <see cref="TccTryMethod"/>. Singleton.
/// </summary>
internal sealed class TransactionalAdvice(
    ITransactionManager transactionManager,
    ICoordinatorClient coordinator,
    ITccPhaseExecutor executor,
    IOptions<TransactionsOptions> options,
    ILogger<TransactionalAdvice> logger)
{
    private readonly TransactionsOptions _options = options.Value;

    public Task<T> RunAsync<T>(TransactionalMethod method, IInvocation invocation, IServiceProvider services, Func<Task<T>> proceed) => method switch
    {
        TccTryMethod tcc => RunTryAsync(tcc, invocation, services, proceed),
        GlobalTransactionalMethod global => RunGlobalAsync(global, invocation, proceed),
        _ => proceed(),
    };

    private async Task<T> RunGlobalAsync<T>(GlobalTransactionalMethod method, IInvocation invocation, Func<Task<T>> proceed)
    {
        var cancellationToken = method.GetCancellationToken(invocation.Arguments);

        // The TM's span of the global transaction: Begin, the business calls, Commit or Rollback are its children.
        using var activity = ParticipantsDiagnostics.StartGlobalTransaction(method.Name);
        try
        {
            // BeginAsync sets the ambient XID in this method's flow, which the call below inherits.
            await using var scope = await transactionManager.BeginAsync(method.Name, method.Timeout, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(ParticipantsDiagnostics.XidTag, scope.Xid);
            T result;
            try
            {
                result = await proceed().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await RollbackQuietlyAsync(scope, $"{method.DisplayName} threw {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
                throw;
            }

            // Not cancellable by the caller's token: the business work succeeded, finishing it is the point.
            await scope.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex)
        {
            ParticipantsDiagnostics.Fail(activity, ex);
            throw;
        }
    }

    private async Task<T> RunTryAsync<T>(TccTryMethod method, IInvocation invocation, IServiceProvider services, Func<Task<T>> proceed)
    {
        var action = method.Action;
        if (TransactionContext.CurrentXid is not { } xid)
        {
            if (_options.AllowTryOutsideTransaction)
            {
                TransactionsLog.TryOutsideTransaction(logger, action.Name);
                return await proceed().ConfigureAwait(false);
            }

            throw new NoGlobalTransactionException(action.Name);
        }

        var cancellationToken = method.GetCancellationToken(invocation.Arguments);
        using var activity = ParticipantsDiagnostics.StartTry(action.Name, xid);
        var actionContext = TccActionContextSerializer.Serialize(action, invocation.Arguments, _options.JsonSerializerOptions);
        var branchId = await coordinator.RegisterBranchAsync(
            new BranchRegistration(xid, _options.GetEffectiveResourceId(), action.Name, _options.GetRegisteredEndpoint(), _options.ParticipantProtocol, actionContext),
            cancellationToken).ConfigureAwait(false);
        activity?.SetTag(ParticipantsDiagnostics.BranchIdTag, branchId);
        using var logScope = TransactionsLog.BranchScope(logger, xid, branchId, action.Name);
        TransactionsLog.BranchRegistered(logger, xid, branchId, action.Name);

        T result = default!;
        try
        {
            var call = new TccPhaseCall(TccPhase.Try, xid, branchId, action.Name, services);
            await executor.ExecuteAsync(call, async _ => result = await proceed().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ParticipantsDiagnostics.Fail(activity, ex);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            TransactionsLog.TryFailed(logger, xid, branchId, action.Name, error);
            await ReportFailedQuietlyAsync(xid, branchId, error).ConfigureAwait(false);
            throw;
        }

        return result;
    }

    private async Task RollbackQuietlyAsync(IGlobalTransactionScope scope, string reason)
    {
        try
        {
            await scope.RollbackAsync(reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransactionException or OperationCanceledException or InvalidOperationException)
        {
            // Never hide the business exception; the coordinator rolls back at the deadline anyway.
            TransactionsLog.RollbackFailed(logger, scope.Xid, ex);
        }
    }

    private async Task ReportFailedQuietlyAsync(long xid, long branchId, string error)
    {
        try
        {
            await coordinator.ReportBranchFailedAsync(xid, branchId, error, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TransactionException or OperationCanceledException)
        {
            // The Try's exception still reaches the caller, whose global transaction then rolls back.
            TransactionsLog.ReportFailed(logger, xid, branchId, ex);
        }
    }
}
