using Transactions.Participants;

namespace Samples.Stock.Products;

/// <summary>The stock branch of an order's global transaction.</summary>
public interface IStockLedger
{
    /// <summary>Try: moves <paramref name="quantity"/> units from available to frozen, if that many are available.</summary>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units.</param>
    /// <param name="fencingToken">The token of the product's lock the caller holds; the row refuses an older one.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="StockException">Unknown product, not enough units, or a newer lock holder wrote.</exception>
    [TccAction("freeze-stock", ConfirmMethod = "ConfirmAsync", CancelMethod = "CancelAsync")]
    Task FreezeAsync(string sku, int quantity, long fencingToken, CancellationToken cancellationToken);
}
