namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>The stock service's TCC participant: freezing stock is the Try of "freeze-stock".</summary>
public interface IStockService
{
    /// <summary>Try: moves <paramref name="quantity"/> units of <paramref name="sku"/> from available to frozen.</summary>
    Task FreezeAsync(string sku, int quantity, CancellationToken cancellationToken);
}
