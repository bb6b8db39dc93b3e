using System.Collections.Concurrent;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Participants;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>A fake participant side: records every phase-2 call and answers from a script.</summary>
public sealed class ScriptedInvoker : IParticipantInvoker
{
    private readonly ConcurrentQueue<(long Xid, long BranchId, BranchAction Action, int Attempt)> _calls = new();

    /// <summary>Decides each call's result; default: success.</summary>
    public Func<BranchTransaction, BranchAction, int, BranchCallResult> Script { get; set; } = (_, _, _) => BranchCallResult.Success;

    /// <summary>Runs after the call is recorded and scripted, e.g. to "crash" the caller.</summary>
    public Action<BranchTransaction, BranchAction>? After { get; set; }

    /// <summary>Every call, in order.</summary>
    public IReadOnlyList<(long Xid, long BranchId, BranchAction Action, int Attempt)> Calls => _calls.ToArray();

    /// <inheritdoc />
    public Task<BranchCallResult> InvokeAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _calls.Enqueue((branch.Xid, branch.BranchId, action, attempt));
        var result = Script(branch, action, attempt);
        After?.Invoke(branch, action);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(result);
    }
}
