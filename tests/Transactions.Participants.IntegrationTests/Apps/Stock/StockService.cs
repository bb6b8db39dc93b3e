using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>
/// Try freezes stock, Confirm turns frozen units into sold ones, Cancel releases them. Each runs in the fence's
/// local transaction on the injected <see cref="StockDbContext"/>; the updates are atomic SQL so concurrent
/// orders never lose an update.
/// </summary>
public sealed class StockService(StockDbContext db) : IStockService
{
    [TccAction("freeze-stock", ConfirmMethod = nameof(ConfirmFreezeAsync), CancelMethod = nameof(CancelFreezeAsync))]
    public async Task FreezeAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var frozen = await db.Products
            .Where(p => p.Sku == sku && p.Available >= quantity)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Available, p => p.Available - quantity)
                .SetProperty(p => p.Frozen, p => p.Frozen + quantity), cancellationToken);
        if (frozen == 0)
        {
            throw new StockException($"Not enough stock of {sku} to freeze {quantity}.");
        }
    }

    public async Task ConfirmFreezeAsync(TccContext context, CancellationToken cancellationToken)
    {
        var sku = context.GetArgument<string>("sku");
        var quantity = context.GetArgument<int>("quantity");
        await db.Products
            .Where(p => p.Sku == sku)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Frozen, p => p.Frozen - quantity)
                .SetProperty(p => p.Sold, p => p.Sold + quantity), cancellationToken);
    }

    public async Task CancelFreezeAsync(TccContext context, CancellationToken cancellationToken)
    {
        var sku = context.GetArgument<string>("sku");
        var quantity = context.GetArgument<int>("quantity");
        await db.Products
            .Where(p => p.Sku == sku)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Frozen, p => p.Frozen - quantity)
                .SetProperty(p => p.Available, p => p.Available + quantity), cancellationToken);
    }
}
