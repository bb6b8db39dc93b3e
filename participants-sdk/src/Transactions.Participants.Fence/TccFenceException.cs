namespace Transactions.Participants.Fence;

/// <summary>
/// Base of the exceptions a TCC fence call throws when the fence row forbids the call. The fence
/// change and the business action were both rolled back (nothing was written).
/// </summary>
public abstract class TccFenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Human-readable description.</param>
    /// <param name="phase">The refused phase.</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name.</param>
    /// <param name="existingState">State found in the fence table, or <see langword="null"/> when there was no row.</param>
    protected TccFenceException(
        string message,
        TccFencePhase phase,
        long xid,
        long branchId,
        string actionName,
        TccFenceState? existingState)
        : base(message)
    {
        Phase = phase;
        Xid = xid;
        BranchId = branchId;
        ActionName = actionName;
        ExistingState = existingState;
    }

    /// <summary>The refused phase.</summary>
    public TccFencePhase Phase { get; }

    /// <summary>Global transaction id.</summary>
    public long Xid { get; }

    /// <summary>Branch id.</summary>
    public long BranchId { get; }

    /// <summary>TCC action name passed to the call.</summary>
    public string ActionName { get; }

    /// <summary>State found in the fence table, or <see langword="null"/> when there was no row.</summary>
    public TccFenceState? ExistingState { get; }
}
