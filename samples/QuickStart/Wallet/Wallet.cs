using Microsoft.EntityFrameworkCore;
using Transactions.Participants;

namespace QuickStart.Wallet;

/// <summary>
/// Try reserves, Confirm spends the reservation, Cancel releases it. The SDK runs each method in one local
/// transaction of the scoped <see cref="WalletDbContext"/> together with its fence row, and calls Confirm or
/// Cancel at most once in effect, with the Try's arguments.
/// </summary>
public sealed class Wallet(WalletDbContext db) : IWallet
{
    [TccAction("reserve-payment", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    public async Task ReserveAsync(string account, long amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var reserved = await db.Accounts
            .Where(a => a.Id == account && a.Available >= amount)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Available, a => a.Available - amount)
                .SetProperty(a => a.Reserved, a => a.Reserved + amount), cancellationToken);
        if (reserved == 0)
        {
            throw new InsufficientFundsException(account, amount);
        }
    }

    public async Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        var account = context.GetArgument<string>("account");
        var amount = context.GetArgument<long>("amount");
        await db.Accounts
            .Where(a => a.Id == account)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Reserved, a => a.Reserved - amount)
                .SetProperty(a => a.Spent, a => a.Spent + amount), cancellationToken);
    }

    public async Task CancelAsync(TccContext context, CancellationToken cancellationToken)
    {
        var account = context.GetArgument<string>("account");
        var amount = context.GetArgument<long>("amount");
        await db.Accounts
            .Where(a => a.Id == account)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Reserved, a => a.Reserved - amount)
                .SetProperty(a => a.Available, a => a.Available + amount), cancellationToken);
    }
}
