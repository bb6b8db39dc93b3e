using System.Net;
using System.Net.Http.Json;
using Google.Protobuf;
using Grpc.Core;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// The producer/consumer API's application keys (<c>Security:Applications</c>) on a real service process: who may
/// prepare, commit, roll back, read, subscribe and acknowledge, over gRPC and HTTP, with keys required; and what a
/// caller without a key may still do when they are not.
/// </summary>
public sealed class ApplicationKeyTests : IAsyncLifetime
{
    private const string OrdersKey = "orders-key-0123456789abcdef";
    private const string BillingKey = "billing-key-0123456789abcdef";
    private const string IntruderKey = "intruder-key-0123456789abcdef";
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _cleanup = [];
    private PostgresDatabase? _database;

    private string OrdersGroup => $"orders-{_suffix}";

    private string OrdersTopic => $"orders-topic-{_suffix}";

    private string BillingGroup => $"billing-{_suffix}";

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is not null)
        {
            _database = await PostgresDatabase.CreateAsync("rm_keys");
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Grpc_KeysRequired_EachApplicationActsOnlyOnItsOwnGroupsAndMessages()
    {
        var service = await StartAsync(requireKeys: true);
        var client = service.Client;

        var noKey = await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic)).ResponseAsync);
        var unknownKey = await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), With("not-a-configured-key-000000")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, noKey.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, unknownKey.StatusCode);

        var prepared = await client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), With(OrdersKey));
        var id = prepared.MessageId;

        // Another application: nothing on the orders' message or as the orders' or billing's groups.
        var intruder = With(IntruderKey);
        await AssertDeniedAsync(client.CommitAsync(new CommitRequest { MessageId = id }, intruder).ResponseAsync);
        await AssertDeniedAsync(client.RollbackAsync(new RollbackRequest { MessageId = id, Reason = "hostile" }, intruder).ResponseAsync);
        await AssertDeniedAsync(client.GetMessageAsync(new GetMessageRequest { MessageId = id }, intruder).ResponseAsync);
        await AssertDeniedAsync(client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), intruder).ResponseAsync);
        await AssertDeniedAsync(client.AckAsync(new AckRequest { ConsumerGroup = BillingGroup, MessageIds = { id } }, intruder).ResponseAsync);
        await AssertDeniedAsync(client.SubscribeAsync(new SubscribeRequest { ConsumerGroup = BillingGroup, Topics = { OrdersTopic }, PushEndpoint = "http://127.0.0.1:1" }, intruder).ResponseAsync);
        var batch = await client.CommitBatchAsync(new CommitBatchRequest { Items = { new CommitRequest { MessageId = id } } }, intruder);
        Assert.Equal((int)StatusCode.PermissionDenied, batch.Results.Single().Error.Code);

        // Its own application, within what it was given: a topic it may not publish to is refused.
        await AssertDeniedAsync(client.PrepareAsync(Prepare(OrdersGroup, "payroll"), With(OrdersKey)).ResponseAsync);
        Assert.Equal(MessageStatus.Prepared, (await client.GetMessageAsync(new GetMessageRequest { MessageId = id }, With(OrdersKey))).Status);
        Assert.Equal(MessageStatus.Committed, (await client.CommitAsync(new CommitRequest { MessageId = id }, With(OrdersKey))).Status);

        // The billing application: its group only, and only the topics it may read.
        await AssertDeniedAsync(client.SubscribeAsync(new SubscribeRequest { ConsumerGroup = BillingGroup, Topics = { "payroll" }, PushEndpoint = "http://127.0.0.1:1" }, With(BillingKey)).ResponseAsync);
        await AssertDeniedAsync(client.AckAsync(new AckRequest { ConsumerGroup = "other-" + _suffix, MessageIds = { id } }, With(BillingKey)).ResponseAsync);
        await AssertDeniedAsync(client.CommitAsync(new CommitRequest { MessageId = id }, With(BillingKey)).ResponseAsync);
        await client.SubscribeAsync(new SubscribeRequest { ConsumerGroup = BillingGroup, Topics = { OrdersTopic }, PushEndpoint = "http://127.0.0.1:1" }, With(BillingKey));
        await client.AckAsync(new AckRequest { ConsumerGroup = BillingGroup, MessageIds = { id } }, With(BillingKey));
    }

    [PostgresFact]
    public async Task LargeRequestWithoutAKnownKey_RefusedAt16KiB_OnGrpcAndHttp_TheSameWithTheKeyIsAccepted()
    {
        var service = await StartAsync(requireKeys: true);
        var client = service.Client;
        var large = Prepare(OrdersGroup, OrdersTopic);
        large.Payload = ByteString.CopyFrom(new byte[100_000]); // past the 16 KiB allowed before the key is known, under the 8 MiB limit

        var noKey = await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(large).ResponseAsync);
        var unknownKey = await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(large, With("not-a-configured-key-000000")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, noKey.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, unknownKey.StatusCode);
        Assert.True((await client.PrepareAsync(large, With(OrdersKey))).MessageId > 0);

        using var http = new HttpClient { BaseAddress = new Uri(service.HttpAddress), Timeout = TimeSpan.FromSeconds(10) };
        var body = new { topic = OrdersTopic, key = "k", payload = Convert.ToBase64String(new byte[100_000]), producerGroup = OrdersGroup };
        using (var anonymous = await http.PostAsJsonAsync("/api/v1/messages", body))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, anonymous.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Post, "/api/v1/messages", OrdersKey, body)).StatusCode);
    }

    [PostgresFact]
    public async Task RequestBodyBudget_ACallThatWouldHoldMoreThanTheServiceMay_ResourceExhausted_SmallerCallsGoOn()
    {
        var service = await StartAsync(requireKeys: true, new Dictionary<string, string> { ["Memory__RequestBodyBudgetMegabytes"] = "1" });
        var client = service.Client;
        var large = Prepare(OrdersGroup, OrdersTopic);
        large.Payload = ByteString.CopyFrom(new byte[2_000_000]); // under the 8 MiB message limit, past the 1 MiB budget

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(large, With(OrdersKey)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Memory:RequestBodyBudgetMegabytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True((await client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), With(OrdersKey))).MessageId > 0); // the budget was given back
    }

    [PostgresFact]
    public async Task Http_KeysRequired_401WithoutAKnownKey403ForAnotherApplication()
    {
        var service = await StartAsync(requireKeys: true);
        using var http = new HttpClient { BaseAddress = new Uri(service.HttpAddress), Timeout = TimeSpan.FromSeconds(10) };
        var body = new { topic = OrdersTopic, key = "k", payload = Convert.ToBase64String("x"u8.ToArray()), producerGroup = OrdersGroup };

        using (var anonymous = await http.PostAsJsonAsync("/api/v1/messages", body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var prepared = await SendAsync(http, HttpMethod.Post, "/api/v1/messages", OrdersKey, body);
        Assert.Equal(HttpStatusCode.OK, prepared.StatusCode);
        var id = (await prepared.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("messageId").GetString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(http, HttpMethod.Get, $"/api/v1/messages/{id}", "wrong-key-00000000000000", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, $"/api/v1/messages/{id}/commit", IntruderKey, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Get, $"/api/v1/messages/{id}/events", IntruderKey, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "/api/v1/acks", IntruderKey, new { consumerGroup = BillingGroup, messageIds = new[] { id } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, "/api/v1/subscriptions", IntruderKey, new { consumerGroup = BillingGroup, topics = new[] { OrdersTopic } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(http, HttpMethod.Post, $"/api/v1/messages/{id}/rollback", BillingKey, new { reason = "hostile" })).StatusCode);

        var committed = await SendAsync(http, HttpMethod.Post, $"/api/v1/messages/{id}/commit", OrdersKey, null);
        Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
        Assert.Equal("Committed", (await committed.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("status").GetString());
    }

    [PostgresFact]
    public async Task KeysNotRequired_CallersWithoutAKeyKeepTheGroupsNoApplicationLists()
    {
        var service = await StartAsync(requireKeys: false);
        var client = service.Client;

        var open = await client.PrepareAsync(Prepare("legacy-" + _suffix, "legacy-topic"));
        Assert.Equal(MessageStatus.Committed, (await client.CommitAsync(new CommitRequest { MessageId = open.MessageId })).Status);
        await client.AckAsync(new AckRequest { ConsumerGroup = "legacy-consumers-" + _suffix, MessageIds = { open.MessageId } });

        var owned = await client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), With(OrdersKey));
        await AssertDeniedAsync(client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic)).ResponseAsync);
        await AssertDeniedAsync(client.CommitAsync(new CommitRequest { MessageId = owned.MessageId }).ResponseAsync);
        await AssertDeniedAsync(client.AckAsync(new AckRequest { ConsumerGroup = BillingGroup, MessageIds = { owned.MessageId } }).ResponseAsync);
        Assert.Equal(MessageStatus.Prepared, (await client.GetMessageAsync(new GetMessageRequest { MessageId = owned.MessageId }, With(OrdersKey))).Status);
    }

    [PostgresFact]
    public async Task Sdks_WithTheirKeys_SendAndReceiveEndToEnd_WithoutAKeyTheProducerIsRefused()
    {
        var service = await StartAsync(requireKeys: true);
        var shop = await ShopDatabase.CreateAsync("rm_keys_producer");
        _cleanup.Add(shop);
        var consumerDb = await ShopDatabase.CreateAsync("rm_keys_consumer");
        _cleanup.Add(consumerDb);
        var consumer = await ConsumerApp.StartAsync(service.GrpcAddress, consumerDb, BillingGroup, OrdersTopic, ConsumerTransport.Push, applicationKey: BillingKey);
        _cleanup.Add(consumer);
        var producer = await ProducerApp.StartAsync(service.GrpcAddress, shop, FreePort.Next(), OrdersGroup, applicationKey: OrdersKey);
        _cleanup.Add(producer);
        var anonymous = await ProducerApp.StartAsync(service.GrpcAddress, shop, FreePort.Next(), OrdersGroup);
        _cleanup.Add(anonymous);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.PlaceOrderAsync(OrdersTopic, "order-anonymous-" + _suffix));
        var id = await producer.PlaceOrderAsync(OrdersTopic, "order-1-" + _suffix);

        Assert.Contains("Unauthenticated", refused.ToString(), StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => await consumer.ShipmentCountAsync(id) == 1, TimeSpan.FromSeconds(30), "the consumer handled the message");
        await Eventually.WaitAsync(
            async () => (await service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id }, With(OrdersKey))).Deliveries.Any(d => d.ConsumerGroup == BillingGroup && d.Status == DeliveryStatus.Acknowledged),
            TimeSpan.FromSeconds(30),
            "the consumer's acknowledgement, sent with its key, was accepted");
        Assert.Empty(await shop.ReadAsync(db => db.Orders.Where(o => o.Id == "order-anonymous-" + _suffix)));
    }

    [PostgresFact]
    public async Task Endpoints_OutsideTheCallersList_RefusedNamingTheField_OnGrpcAndHttp()
    {
        var service = await StartAsync(requireKeys: false, new Dictionary<string, string>
        {
            ["Security__AllowedEndpoints__0"] = "http://*.shop.internal",
            ["Security__Applications__0__AllowedEndpoints__0"] = "http://orders.internal:5001",
        });
        var client = service.Client;
        using var http = new HttpClient { BaseAddress = new Uri(service.HttpAddress), Timeout = TimeSpan.FromSeconds(10) };

        var anonymousCheck = Prepare("legacy-" + _suffix, "t");
        anonymousCheck.CheckEndpoint = "http://169.254.169.254/latest";
        var keyedCheck = Prepare(OrdersGroup, OrdersTopic);
        keyedCheck.CheckEndpoint = "http://legacy.shop.internal:5001";
        var refusals = new[]
        {
            await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(anonymousCheck).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => client.PrepareAsync(keyedCheck, With(OrdersKey)).ResponseAsync),
            await Assert.ThrowsAsync<RpcException>(() => client.SubscribeAsync(new SubscribeRequest { ConsumerGroup = "legacy-" + _suffix, Topics = { "t" }, PushEndpoint = "http://127.0.0.1:5432" }).ResponseAsync),
        };
        using var overHttp = await http.PostAsJsonAsync("/api/v1/subscriptions", new { consumerGroup = "legacy-" + _suffix, topics = new[] { "t" }, pushEndpoint = "http://10.0.0.1" });

        Assert.All(refusals, r => Assert.Equal(StatusCode.InvalidArgument, r.StatusCode));
        Assert.Contains("check_endpoint", refusals[0].Status.Detail, StringComparison.Ordinal);
        Assert.Contains("application 'orders'", refusals[1].Status.Detail, StringComparison.Ordinal);
        Assert.Contains("push_endpoint", refusals[2].Status.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, overHttp.StatusCode);
        Assert.Contains("push_endpoint", await overHttp.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        anonymousCheck.CheckEndpoint = "http://legacy.shop.internal:5001";
        keyedCheck.CheckEndpoint = "http://orders.internal:5001/check";
        Assert.True((await client.PrepareAsync(anonymousCheck)).MessageId > 0);
        Assert.True((await client.PrepareAsync(keyedCheck, With(OrdersKey))).MessageId > 0);
    }

    [PostgresFact]
    public async Task Production_KeysNotRequired_NoAllowAnonymous_RefusesToStart_KeysRequired_Starts()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(_database!.ConnectionString, transport: "Push", settings: new Dictionary<string, string>
        {
            ["Security__AllowAnonymous"] = "false",
        }));
        var service = await StartAsync(requireKeys: true, new Dictionary<string, string> { ["Security__AllowAnonymous"] = "false" });

        Assert.Contains("Outside Development this service starts only with keys", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Security:RequireApplicationKeys is false", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Admin:ApiKeys is empty", refused.Message, StringComparison.Ordinal); // the test service has admin keys
        Assert.True((await service.Client.PrepareAsync(Prepare(OrdersGroup, OrdersTopic), With(OrdersKey))).MessageId > 0);

        // Configured for production on an empty database: a quiet start, no error or warning line at all.
        var noisy = service.Output.Split('\n').Where(l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" WRN]", StringComparison.Ordinal)).ToList();
        Assert.True(noisy.Count == 0, "error or warning lines on a healthy first start:\n" + string.Join("\n", noisy));
    }

    [PostgresFact]
    public async Task MalformedApplications_TheServiceRefusesToStart_NamingEachEntry()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(_database!.ConnectionString, transport: "Push", settings: new Dictionary<string, string>
        {
            ["Security__Applications__0__ApplicationId"] = "orders",
            ["Security__Applications__0__KeyHash"] = OrdersKey, // the key itself instead of its hash
            ["Security__Applications__1__ApplicationId"] = "orders",
            ["Security__Applications__1__KeyHash"] = ApiKeyHash.Compute(BillingKey),
            ["Security__Applications__1__ConsumerGroups__0"] = " ",
        }));

        Assert.Contains("Security:Applications:0:KeyHash", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Applications:1:ApplicationId 'orders' is used by another entry", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Security:Applications:1:ConsumerGroups must not contain empty entries", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OrdersKey, failure.Message, StringComparison.Ordinal); // a key configured by mistake is not echoed
    }

    private async Task<ServiceProcess> StartAsync(bool requireKeys, IDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ReliableMessage__PollInterval"] = "00:00:00.200",
            ["Security__RequireApplicationKeys"] = requireKeys ? "true" : "false",
            ["Security__Applications__0__ApplicationId"] = "orders",
            ["Security__Applications__0__KeyHash"] = ApiKeyHash.Compute(OrdersKey),
            ["Security__Applications__0__ProducerGroups__0"] = OrdersGroup,
            ["Security__Applications__0__PublishTopics__0"] = OrdersTopic,
            ["Security__Applications__1__ApplicationId"] = "billing",
            ["Security__Applications__1__KeyHash"] = ApiKeyHash.Compute(BillingKey),
            ["Security__Applications__1__ConsumerGroups__0"] = BillingGroup,
            ["Security__Applications__1__SubscribeTopics__0"] = OrdersTopic,
            ["Security__Applications__2__ApplicationId"] = "intruder",
            ["Security__Applications__2__KeyHash"] = ApiKeyHash.Compute(IntruderKey),
            ["Security__Applications__2__ProducerGroups__0"] = "intruders-" + _suffix,
            ["Security__Applications__2__PublishTopics__0"] = "*",
            ["Security__Applications__2__ConsumerGroups__0"] = "intruders-" + _suffix,
            ["Security__Applications__2__SubscribeTopics__0"] = "*",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        var service = await ServiceProcess.StartAsync(_database!.ConnectionString, transport: "Push", settings: settings);
        _cleanup.Add(service);
        return service;
    }

    private static PrepareRequest Prepare(string group, string topic) =>
        new() { Topic = topic, Key = "k", Payload = ByteString.CopyFromUtf8("x"), ProducerGroup = group, ProducerKey = Guid.NewGuid().ToString("N") };

    private static Metadata With(string key) => new() { { "x-rm-app-key", key } };

    private static async Task AssertDeniedAsync(Task call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-rm-app-key", key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }
}
