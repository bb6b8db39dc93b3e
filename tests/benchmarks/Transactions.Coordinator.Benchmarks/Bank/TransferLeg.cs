using Transactions.Participants;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>The body of the bank's business API calls, and the Try arguments Confirm and Cancel read back.</summary>
/// <param name="TransferId">The transfer.</param>
/// <param name="Account">The account.</param>
/// <param name="Amount">The amount.</param>
public sealed record TransferLeg(string TransferId, int Account, long Amount)
{
    /// <summary>The leg a Try with parameters (transferId, account, amount) was called with.</summary>
    public static TransferLeg Of(TccContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new TransferLeg(context.GetArgument<string>("transferId"), context.GetArgument<int>("account"), context.GetArgument<long>("amount"));
    }
}
