using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>Holds a local transaction's start when a test armed <see cref="StockTestHooks.HoldNextTransaction"/>.</summary>
public sealed class HoldingTransactionInterceptor(StockTestHooks hooks) : DbTransactionInterceptor
{
    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection,
        TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        await hooks.WaitIfTransactionHeldAsync(cancellationToken);
        return result;
    }
}
