using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Participants.Interception;
using Transactions.Participants.Logging;

namespace Transactions.Participants.Tcc;

/// <summary>
/// Runs the coordinator's Confirm/Cancel calls: finds the action by name, resolves its implementation in a
/// new DI scope and runs the phase method through the <see cref="ITccPhaseExecutor"/> (the fence). Any failure
/// becomes RETRY_LATER with a short message; details go to the log only.
/// </summary>
internal sealed class TccPhaseDispatcher(
    TransactionalRegistry registry,
    IServiceScopeFactory scopeFactory,
    ITccPhaseExecutor executor,
    IOptions<TransactionsOptions> options,
    ILogger<TccPhaseDispatcher> logger)
{
    private const int MaxMessageLength = 1024;

    public async Task<TccPhaseResult> DispatchAsync(
        TccPhase phase,
        long xid,
        long branchId,
        string? resourceId,
        string actionName,
        string? actionContext,
        int attempt,
        CancellationToken cancellationToken)
    {
        using var logScope = TransactionsLog.BranchScope(logger, xid, branchId, actionName);
        if (!registry.TccActions.TryGetValue(actionName, out var action))
        {
            TransactionsLog.UnknownAction(logger, phase, xid, branchId, actionName);
            return TccPhaseResult.RetryLater($"Application '{options.Value.ApplicationId}' has no TCC action '{actionName}'.");
        }

        var method = phase == TccPhase.Confirm ? action.Confirm : action.Cancel;
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var target = scope.ServiceProvider.GetRequiredKeyedService(action.ImplementationType, TransactionalRegistry.TargetKey);
            var context = new TccContext(phase, xid, branchId, actionName, actionContext, resourceId, attempt, options.Value.JsonSerializerOptions);
            var outcome = await executor.ExecuteAsync(
                new TccPhaseCall(phase, xid, branchId, actionName, scope.ServiceProvider),
                ct => method.InvokeAsync(target, context, ct),
                cancellationToken).ConfigureAwait(false);
            TransactionsLog.PhaseDone(logger, phase, xid, branchId, actionName, outcome, attempt);
            return TccPhaseResult.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            TransactionsLog.PhaseFailed(logger, phase, xid, branchId, actionName, attempt, ex);
            var message = $"{phase} of '{actionName}' failed: {ex.GetType().Name}: {ex.Message}";
            return TccPhaseResult.RetryLater(message.Length <= MaxMessageLength ? message : message[..MaxMessageLength]);
        }
    }
}
