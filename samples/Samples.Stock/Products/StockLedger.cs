using Microsoft.EntityFrameworkCore;
using Samples.Hosting.Faults;
using Transactions.Participants;

namespace Samples.Stock.Products;

/// <summary>
/// Try freezes, Confirm sells, Cancel releases; each inside the TCC fence's local transaction on the scoped
/// <see cref="StockDbContext"/>. The Try's update is conditional (<c>available &gt;= quantity</c>), so stock never
/// goes negative even without the lock, and fenced (<c>fence_token &lt;= token</c>), so a holder whose lock expired
/// cannot write after a newer one. Confirm and Cancel move frozen units only (relative updates, no lock needed).
/// </summary>
public sealed class StockLedger(StockDbContext db, FaultSwitches faults) : IStockLedger
{
    private const string Action = "freeze-stock";

    /// <inheritdoc />
    public async Task FreezeAsync(string sku, int quantity, long fencingToken, CancellationToken cancellationToken)
    {
        faults.ThrowIfTryFails(Action);
        var frozen = await db.Products
            .Where(p => p.Sku == sku && p.Available >= quantity && p.FenceToken <= fencingToken)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Available, p => p.Available - quantity)
                .SetProperty(p => p.Frozen, p => p.Frozen + quantity)
                .SetProperty(p => p.FenceToken, fencingToken), cancellationToken);
        if (frozen == 1)
        {
            return;
        }

        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, cancellationToken);
        throw new StockException(product switch
        {
            null => $"Unknown product '{sku}'.",
            { FenceToken: var seen } when seen > fencingToken => $"The lock on '{sku}' was lost (fencing token {fencingToken} < {seen}).",
            _ => $"Insufficient stock of '{sku}': {product.Available} available, {quantity} wanted.",
        });
    }

    /// <summary>Confirm: the frozen units are sold.</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await faults.BeforeConfirmAsync(Action, cancellationToken);
        var sku = context.GetArgument<string>("sku");
        var quantity = context.GetArgument<int>("quantity");
        await db.Products
            .Where(p => p.Sku == sku)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Frozen, p => p.Frozen - quantity)
                .SetProperty(p => p.Sold, p => p.Sold + quantity), cancellationToken);
    }

    /// <summary>Cancel: the frozen units are available again.</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task CancelAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sku = context.GetArgument<string>("sku");
        var quantity = context.GetArgument<int>("quantity");
        await db.Products
            .Where(p => p.Sku == sku)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Frozen, p => p.Frozen - quantity)
                .SetProperty(p => p.Available, p => p.Available + quantity), cancellationToken);
    }
}
