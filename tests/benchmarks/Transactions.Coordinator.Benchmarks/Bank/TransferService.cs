using Microsoft.EntityFrameworkCore;
using Transactions.Participants;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>
/// The bank's two TCC actions, written as a service team would with the SDK: each phase is 2 SQL statements on
/// the injected DbContext (Try: UPDATE the account + INSERT a journal row; Confirm/Cancel: UPDATE the account +
/// UPDATE the journal row), run by the fence in one local transaction with its fence row.
/// </summary>
public sealed class TransferService(BankDbContext db) : ITransferService
{
    /// <inheritdoc />
    [TccAction("withdraw", ConfirmMethod = nameof(ConfirmWithdrawAsync), CancelMethod = nameof(CancelWithdrawAsync))]
    public async Task WithdrawAsync(string transferId, int account, long amount, CancellationToken cancellationToken)
    {
        var reserved = await db.Accounts
            .Where(a => a.Id == account && a.Balance >= amount)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - amount).SetProperty(a => a.Frozen, a => a.Frozen + amount), cancellationToken);
        if (reserved == 0)
        {
            throw new InvalidOperationException($"Account {account} cannot cover {amount}.");
        }

        await JournalAsync(transferId, account, -amount, cancellationToken);
    }

    /// <inheritdoc />
    [TccAction("deposit", ConfirmMethod = nameof(ConfirmDepositAsync), CancelMethod = nameof(CancelDepositAsync))]
    public async Task DepositAsync(string transferId, int account, long amount, CancellationToken cancellationToken)
    {
        await db.Accounts
            .Where(a => a.Id == account)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Incoming, a => a.Incoming + amount), cancellationToken);
        await JournalAsync(transferId, account, amount, cancellationToken);
    }

    /// <summary>Confirm of the debit leg: the reserved money leaves.</summary>
    public Task ConfirmWithdrawAsync(TccContext context, CancellationToken cancellationToken) => SettleWithdrawalAsync(TransferLeg.Of(context), confirmed: true, cancellationToken);

    /// <summary>Cancel of the debit leg: the reserved money returns to the balance.</summary>
    public Task CancelWithdrawAsync(TccContext context, CancellationToken cancellationToken) => SettleWithdrawalAsync(TransferLeg.Of(context), confirmed: false, cancellationToken);

    /// <summary>Confirm of the credit leg: the announced money lands on the balance.</summary>
    public Task ConfirmDepositAsync(TccContext context, CancellationToken cancellationToken) => SettleDepositAsync(TransferLeg.Of(context), confirmed: true, cancellationToken);

    /// <summary>Cancel of the credit leg: the announcement is withdrawn.</summary>
    public Task CancelDepositAsync(TccContext context, CancellationToken cancellationToken) => SettleDepositAsync(TransferLeg.Of(context), confirmed: false, cancellationToken);

    /// <summary>Confirm's (or Cancel's) SQL of the debit leg, also called by the no-coordinator baseline.</summary>
    public async Task SettleWithdrawalAsync(TransferLeg leg, bool confirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leg);
        var (amount, back) = (leg.Amount, confirmed ? 0 : leg.Amount);
        await db.Accounts
            .Where(a => a.Id == leg.Account)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Frozen, a => a.Frozen - amount).SetProperty(a => a.Balance, a => a.Balance + back), cancellationToken);
        await SettleJournalAsync(leg, confirmed, cancellationToken);
    }

    /// <summary>Confirm's (or Cancel's) SQL of the credit leg, also called by the no-coordinator baseline.</summary>
    public async Task SettleDepositAsync(TransferLeg leg, bool confirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leg);
        var (amount, landed) = (leg.Amount, confirmed ? leg.Amount : 0);
        await db.Accounts
            .Where(a => a.Id == leg.Account)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Incoming, a => a.Incoming - amount).SetProperty(a => a.Balance, a => a.Balance + landed), cancellationToken);
        await SettleJournalAsync(leg, confirmed, cancellationToken);
    }

    private async Task JournalAsync(string transferId, int account, long amount, CancellationToken cancellationToken)
    {
        db.Journal.Add(new JournalEntry { TransferId = transferId, AccountId = account, Amount = amount, State = "tried" });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SettleJournalAsync(TransferLeg leg, bool confirmed, CancellationToken cancellationToken)
    {
        var state = confirmed ? "confirmed" : "cancelled";
        await db.Journal
            .Where(e => e.TransferId == leg.TransferId && e.AccountId == leg.Account)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.State, state), cancellationToken);
    }
}
