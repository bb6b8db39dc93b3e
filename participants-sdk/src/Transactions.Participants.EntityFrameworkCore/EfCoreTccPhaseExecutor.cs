using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Fence;

namespace Transactions.Participants.EntityFrameworkCore;

/// <summary>
/// Runs each TCC phase through <see cref="ITccFence{TContext}"/> on the participant's DbContext of the call's
/// DI scope: the same instance the business method got injected, so the fence row and the business change
/// commit (or roll back) together. Try after Cancel is refused (<see cref="TccFenceTryRefusedException"/>),
/// duplicates are skipped, a Cancel without Try is an empty rollback.
/// </summary>
/// <typeparam name="TContext">The participant's DbContext (its model calls <c>modelBuilder.AddTccFence()</c>).</typeparam>
internal sealed class EfCoreTccPhaseExecutor<TContext>(ITccFence<TContext> fence) : ITccPhaseExecutor
    where TContext : DbContext
{
    public async Task<TccPhaseOutcome> ExecuteAsync(TccPhaseCall call, Func<CancellationToken, Task> business, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var db = ContextOf(call);
        var outcome = call.Phase switch
        {
            TccPhase.Try => await fence.TryAsync(db, call.Xid, call.BranchId, call.ActionName, business, cancellationToken).ConfigureAwait(false),
            TccPhase.Confirm => await fence.ConfirmAsync(db, call.Xid, call.BranchId, call.ActionName, business, cancellationToken).ConfigureAwait(false),
            _ => await fence.CancelAsync(db, call.Xid, call.BranchId, call.ActionName, business, cancellationToken).ConfigureAwait(false),
        };
        return ToPhaseOutcome(outcome);
    }

    /// <summary>The action runs as a Try; its output is kept in the fence row and returned to a duplicate.</summary>
    public async Task<SagaActionResult> ExecuteSagaActionAsync(TccPhaseCall call, Func<CancellationToken, Task<string?>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = await fence.TryKeepingOutputAsync(ContextOf(call), call.Xid, call.BranchId, call.ActionName, action, cancellationToken).ConfigureAwait(false);
        return new SagaActionResult(ToPhaseOutcome(result.Outcome), result.Output);
    }

    private static TContext ContextOf(TccPhaseCall call) =>
        call.Services.GetService<TContext>()
            ?? throw new InvalidOperationException(
                $"The TCC fence needs {typeof(TContext).Name} in the participant's DI scope: register it with AddDbContext<{typeof(TContext).Name}>().");

    private static TccPhaseOutcome ToPhaseOutcome(TccFenceOutcome outcome) => outcome switch
    {
        TccFenceOutcome.Executed => TccPhaseOutcome.Executed,
        TccFenceOutcome.AlreadyDone => TccPhaseOutcome.AlreadyDone,
        _ => TccPhaseOutcome.EmptyRollback,
    };
}
