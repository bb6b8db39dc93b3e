using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Samples.Contracts.Faults;
using Samples.Contracts.Orders;
using Samples.Contracts.Points;
using Samples.Contracts.Stock;
using Samples.Contracts.Warehouse;
using Samples.Demo.Verification;

namespace Samples.Demo.Client;

/// <summary>The four sample services' public HTTP APIs, as the demo and the end-to-end tests use them.</summary>
public sealed class SampleClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _order;
    private readonly HttpClient _stock;
    private readonly HttpClient _points;
    private readonly HttpClient _warehouse;

    /// <summary>Creates the client.</summary>
    /// <param name="order">The order service.</param>
    /// <param name="stock">The stock service.</param>
    /// <param name="points">The points service.</param>
    /// <param name="warehouse">The warehouse.</param>
    public SampleClient(Uri order, Uri stock, Uri points, Uri warehouse)
    {
        // Generous: on a loaded 2-core machine an order waits for three branches and phase 2.
        var timeout = TimeSpan.FromMinutes(3);
        _order = new HttpClient { BaseAddress = order, Timeout = timeout };
        _stock = new HttpClient { BaseAddress = stock, Timeout = timeout };
        _points = new HttpClient { BaseAddress = points, Timeout = timeout };
        _warehouse = new HttpClient { BaseAddress = warehouse, Timeout = timeout };
    }

    /// <summary>Places an order.</summary>
    /// <param name="request">The order.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The answer.</returns>
    public async Task<OrderResult> PlaceOrderAsync(PlaceOrderRequest request, CancellationToken cancellationToken = default)
    {
        using var response = await _order.PostAsJsonAsync("/api/orders", request, Json, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return new OrderResult(response.StatusCode, JsonSerializer.Deserialize<OrderView>(body, Json), null);
        }

        OrderView? order = null;
        string? error = body;
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            error = root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()
                : root.TryGetProperty("title", out var title) ? title.GetString() : body;
            if (root.TryGetProperty("order", out var element) && element.ValueKind == JsonValueKind.Object)
            {
                order = element.Deserialize<OrderView>(Json);
            }
        }
        catch (JsonException)
        {
            // Not a problem document: keep the raw body.
        }

        return new OrderResult(response.StatusCode, order, error);
    }

    /// <summary>Every order.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The orders.</returns>
    public Task<List<OrderView>> GetOrdersAsync(CancellationToken cancellationToken = default) => GetAsync<List<OrderView>>(_order, "/api/orders", cancellationToken);

    /// <summary>Every product.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The products.</returns>
    public Task<List<ProductView>> GetProductsAsync(CancellationToken cancellationToken = default) => GetAsync<List<ProductView>>(_stock, "/api/stock/products", cancellationToken);

    /// <summary>Every points account.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The accounts.</returns>
    public Task<List<PointsAccountView>> GetAccountsAsync(CancellationToken cancellationToken = default) => GetAsync<List<PointsAccountView>>(_points, "/api/points/accounts", cancellationToken);

    /// <summary>Every shipment.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The shipments.</returns>
    public Task<List<ShipmentView>> GetShipmentsAsync(CancellationToken cancellationToken = default) => GetAsync<List<ShipmentView>>(_warehouse, "/api/shipments", cancellationToken);

    /// <summary>Everything at once.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The snapshot.</returns>
    public async Task<SystemSnapshot> SnapshotAsync(CancellationToken cancellationToken = default) => new(
        await GetOrdersAsync(cancellationToken),
        await GetProductsAsync(cancellationToken),
        await GetAccountsAsync(cancellationToken),
        await GetShipmentsAsync(cancellationToken));

    /// <summary>Creates a product with its initial units (no change when it exists).</summary>
    /// <param name="sku">The product.</param>
    /// <param name="available">Its units.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The product.</returns>
    public async Task<ProductView> CreateProductAsync(string sku, int available, CancellationToken cancellationToken = default)
    {
        using var response = await _stock.PutAsJsonAsync($"/api/stock/products/{Uri.EscapeDataString(sku)}", new StockProductRequest(available), Json, cancellationToken);
        return await ReadAsync<ProductView>(response, cancellationToken);
    }

    /// <summary>Creates a points account (no change when it exists).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The account.</returns>
    public async Task<PointsAccountView> CreateAccountAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var response = await _points.PutAsync(new Uri($"/api/points/accounts/{Uri.EscapeDataString(userId)}", UriKind.Relative), null, cancellationToken);
        return await ReadAsync<PointsAccountView>(response, cancellationToken);
    }

    /// <summary>Sets the failure switches of the stock or the points service.</summary>
    /// <param name="service"><c>stock</c> or <c>points</c>.</param>
    /// <param name="faults">The switches.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task SetFaultsAsync(string service, FaultSettings faults, CancellationToken cancellationToken = default)
    {
        var http = service switch
        {
            "stock" => _stock,
            "points" => _points,
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "stock or points"),
        };
        using var response = await http.PutAsJsonAsync("/api/faults", faults, Json, cancellationToken);
        await ReadAsync<FaultSettings>(response, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _order.Dispose();
        _stock.Dispose();
        _points.Dispose();
        _warehouse.Dispose();
    }

    private static async Task<T> GetAsync<T>(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new HttpRequestException($"{response.RequestMessage?.RequestUri} answered an empty body.", null, HttpStatusCode.NoContent);
    }
}
