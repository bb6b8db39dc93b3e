using System.Net.Http.Json;
using Samples.Contracts.Stock;

namespace Samples.Order.Participants;

/// <summary>The stock service's Try (the HttpClient carries the <c>tx-xid</c> header).</summary>
public sealed class StockClient(HttpClient http)
{
    /// <summary>Freezes <paramref name="quantity"/> units of <paramref name="sku"/> in the ambient global transaction.</summary>
    /// <param name="sku">The product.</param>
    /// <param name="quantity">Units.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ParticipantRefusedException">Insufficient stock, unknown product, lock not acquired, ...</exception>
    /// <exception cref="ParticipantUnavailableException">The stock service could not be reached or did not answer in time.</exception>
    public async Task FreezeAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        await ParticipantResponses.SendAsync(ct => http.PostAsJsonAsync("/api/stock/freeze", new FreezeStockRequest(sku, quantity), ct), "stock", cancellationToken);
    }
}
