using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Participants.Logging;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Saga;

/// <summary>
/// Runs the coordinator's saga Execute/Compensate calls: finds the action by name, resolves its implementation
/// in a new DI scope and runs the method through the <see cref="ITccPhaseExecutor"/> (the fence: Execute as a
/// Try, Compensate as a Cancel, keyed by xid and the step's branch id; the fence keeps the action's output and a
/// duplicate Execute answers with it). <see cref="SagaStepFailedException"/>
/// from an action answers FAILED; any other failure RETRY_LATER with a short message (details in the log).
/// </summary>
internal sealed partial class SagaStepDispatcher(
    SagaActionRegistry registry,
    IServiceScopeFactory scopeFactory,
    ITccPhaseExecutor executor,
    IOptions<TransactionsOptions> options,
    ILogger<SagaStepDispatcher> logger)
{
    private const int MaxMessageLength = 1024;

    public async Task<SagaStepResponse> DispatchAsync(bool compensate, SagaStepRequest request, CancellationToken cancellationToken)
    {
        using var logScope = TransactionsLog.BranchScope(logger, request.Xid, request.BranchId, request.ActionName);
        var what = compensate ? "Compensate" : "Execute";
        if (!registry.Actions.TryGetValue(request.ActionName, out var action))
        {
            LogUnknownAction(logger, what, request.Xid, request.BranchId, request.ActionName);
            return Answer(SagaStepResult.RetryLater, null, $"Application '{options.Value.ApplicationId}' has no saga action '{request.ActionName}'.");
        }

        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var target = scope.ServiceProvider.GetRequiredService(action.ImplementationType);
            var json = options.Value.JsonSerializerOptions;
            var context = new SagaContext(request.Xid, request.BranchId, request.StepName, action.Name, request.Input, request.Outputs, request.Attempt, compensate, json);
            if (compensate)
            {
                var compensated = await executor.ExecuteAsync(
                    new TccPhaseCall(TccPhase.Cancel, request.Xid, request.BranchId, action.Name, scope.ServiceProvider),
                    ct => action.Compensation.InvokeAsync(target, context, json, ct),
                    cancellationToken).ConfigureAwait(false);
                LogDone(logger, what, request.Xid, request.BranchId, action.Name, compensated, request.Attempt);
                return Answer(SagaStepResult.Succeeded, null, null);
            }

            // A duplicate Execute (the coordinator lost the first answer) gets the output the fence kept.
            var executed = await executor.ExecuteSagaActionAsync(
                new TccPhaseCall(TccPhase.Try, request.Xid, request.BranchId, action.Name, scope.ServiceProvider),
                ct => action.Action.InvokeAsync(target, context, json, ct),
                cancellationToken).ConfigureAwait(false);
            LogDone(logger, what, request.Xid, request.BranchId, action.Name, executed.Outcome, request.Attempt);
            return Answer(SagaStepResult.Succeeded, executed.Output, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SagaStepFailedException ex) when (!compensate)
        {
            LogFailed(logger, what, request.Xid, request.BranchId, action.Name, request.Attempt, ex);
            return Answer(SagaStepResult.Failed, null, ex.Message);
        }
        catch (Exception ex)
        {
            LogFailed(logger, what, request.Xid, request.BranchId, action.Name, request.Attempt, ex);
            return Answer(SagaStepResult.RetryLater, null, $"{what} of '{action.Name}' failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static SagaStepResponse Answer(SagaStepResult result, string? output, string? message) => new()
    {
        Result = result,
        Output = output ?? string.Empty,
        Message = message is { Length: > MaxMessageLength } ? message[..MaxMessageLength] : message ?? string.Empty,
    };

    [LoggerMessage(EventId = 7050, Level = LogLevel.Warning, Message = "xid {Xid} step {BranchId}: saga {Phase} for unknown action '{ActionName}'")]
    private static partial void LogUnknownAction(ILogger logger, string phase, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Information, Message = "xid {Xid} step {BranchId}: saga {Phase} of '{ActionName}' {Outcome} (attempt {Attempt})")]
    private static partial void LogDone(ILogger logger, string phase, long xid, long branchId, string actionName, TccPhaseOutcome outcome, int attempt);

    [LoggerMessage(EventId = 7052, Level = LogLevel.Warning, Message = "xid {Xid} step {BranchId}: saga {Phase} of '{ActionName}' failed (attempt {Attempt})")]
    private static partial void LogFailed(ILogger logger, string phase, long xid, long branchId, string actionName, int attempt, Exception exception);
}
