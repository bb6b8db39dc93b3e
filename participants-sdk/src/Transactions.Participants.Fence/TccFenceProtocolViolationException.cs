namespace Transactions.Participants.Fence;

/// <summary>
/// A second-phase call that the TCC protocol forbids: Confirm of a branch that was never tried or was
/// already cancelled (<see cref="TccFenceState.RolledBack"/>, <see cref="TccFenceState.Suspended"/>),
/// or Cancel of a branch that was already confirmed. The coordinator never decides both ways, so this
/// points at a bug or at fence rows deleted too early. The business action did not run.
/// </summary>
public sealed class TccFenceProtocolViolationException : TccFenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="phase">The refused phase (Confirm or Cancel).</param>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name.</param>
    /// <param name="existingState">State found in the fence table, or <see langword="null"/> when there was no row.</param>
    public TccFenceProtocolViolationException(
        TccFencePhase phase,
        long xid,
        long branchId,
        string actionName,
        TccFenceState? existingState)
        : base(
            $"TCC {phase} refused for xid {xid} branch {branchId} action '{actionName}': the fence row is "
            + (existingState is { } s ? s.ToString() : "missing")
            + $", so {phase} is a protocol violation; the business {phase} was not run.",
            phase,
            xid,
            branchId,
            actionName,
            existingState)
    {
    }
}
