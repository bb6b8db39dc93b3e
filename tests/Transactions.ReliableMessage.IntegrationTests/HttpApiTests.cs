using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// The HTTP/JSON API of a real service process, on the embedded push transport (the broker-less demo set-up): a
/// producer that does not speak gRPC prepares and commits over JSON; the consumer SDK receives the push.
/// </summary>
public sealed class HttpApiTests : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServiceProcess _service = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("rm_http");
        _cleanup.Add(database);
        _service = await ServiceProcess.StartAsync(database.ConnectionString, transport: "Push", settings: new Dictionary<string, string>
        {
            ["ReliableMessage__PollInterval"] = "00:00:00.200",
        });
        _cleanup.Add(_service);
        _http.BaseAddress = new Uri(_service.HttpAddress);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task PrepareAndCommitOverJson_PushedToTheConsumerAndAcknowledgedByItsAnswer()
    {
        var topic = $"http-orders-{_suffix}";
        var group = $"http-warehouse-{_suffix}";
        var database = await ShopDatabase.CreateAsync("rm_http_consumer");
        _cleanup.Add(database);
        var consumer = await ConsumerApp.StartAsync(_service.GrpcAddress, database, group, topic, ConsumerTransport.Push);
        _cleanup.Add(consumer);
        await Eventually.WaitAsync(
            async () => (await _http.PostAsJsonAsync("/api/v1/subscriptions", new { consumerGroup = "probe-" + _suffix, topics = new[] { "probe" } })).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "the API answers");
        await consumer.WaitAssignedAsync();

        var prepared = await ReadAsync(await _http.PostAsJsonAsync("/api/v1/messages", new
        {
            topic,
            key = "order-5",
            payload = Convert.ToBase64String("order-5"u8.ToArray()),
            producerGroup = "legacy-shop",
        }));
        var id = prepared.GetProperty("messageId").GetString()!;
        var committed = await ReadAsync(await _http.PostAsync($"/api/v1/messages/{id}/commit", null));

        Assert.Equal("Prepared", prepared.GetProperty("status").GetString());
        Assert.Equal("Committed", committed.GetProperty("status").GetString());
        await Eventually.WaitAsync(
            async () =>
            {
                var message = await ReadAsync(await _http.GetAsync($"/api/v1/messages/{id}"));
                return message.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("status").GetString() == "Acked");
            },
            TimeSpan.FromSeconds(30),
            "the push was acknowledged");
        Assert.Equal(1, await consumer.ShipmentCountAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [PostgresFact]
    public async Task Errors_AreProblemResponsesWithStatusCodesAndNoStackTraces()
    {
        var unknown = await _http.PostAsync("/api/v1/messages/12345/commit", null);
        var invalid = await _http.PostAsJsonAsync("/api/v1/messages", new { topic = "no spaces allowed", producerGroup = "shop" });
        var prepared = await ReadAsync(await _http.PostAsJsonAsync("/api/v1/messages", new { topic = "t-" + _suffix, producerGroup = "shop" }));
        var id = prepared.GetProperty("messageId").GetString();
        await _http.PostAsync($"/api/v1/messages/{id}/rollback", null);
        var conflict = await _http.PostAsync($"/api/v1/messages/{id}/commit", null);
        using var noReasonRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/admin/messages/{id}/deliveries/g/requeue")
        {
            Content = JsonContent.Create(new { }),
        };
        noReasonRequest.Headers.Add("X-Api-Key", ServiceProcess.OperatorKey);
        var noReason = await _http.SendAsync(noReasonRequest);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var problem = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("RolledBack", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
