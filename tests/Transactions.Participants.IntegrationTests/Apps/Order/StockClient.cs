using System.Net.Http.Json;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>Typed HttpClient of the stock service; registered with <c>.AddTransactionPropagation()</c>.</summary>
public sealed class StockClient(HttpClient http)
{
    public async Task FreezeAsync(string sku, int quantity, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/stock/freeze", new { sku, quantity }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Stock refused to freeze {quantity} x {sku}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }
    }
}
