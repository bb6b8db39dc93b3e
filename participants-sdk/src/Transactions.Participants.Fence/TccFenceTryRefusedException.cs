namespace Transactions.Participants.Fence;

/// <summary>
/// Try refused because the branch was already cancelled: the row is <see cref="TccFenceState.Suspended"/>
/// (Cancel arrived before this Try: anti-hanging) or <see cref="TccFenceState.RolledBack"/> (a late
/// duplicate Try of a cancelled branch). The business Try did not run. Answer the caller with a failure:
/// the global transaction is rolling back.
/// </summary>
public sealed class TccFenceTryRefusedException : TccFenceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="xid">Global transaction id.</param>
    /// <param name="branchId">Branch id.</param>
    /// <param name="actionName">TCC action name.</param>
    /// <param name="existingState">State found in the fence table.</param>
    public TccFenceTryRefusedException(long xid, long branchId, string actionName, TccFenceState existingState)
        : base(
            $"TCC Try refused for xid {xid} branch {branchId} action '{actionName}': the branch is already "
            + $"{existingState} (Cancel arrived first); the business Try was not run.",
            TccFencePhase.Try,
            xid,
            branchId,
            actionName,
            existingState)
    {
    }
}
