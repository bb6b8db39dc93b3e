using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging.Abstractions;
using Transactions.ReliableMessage.IntegrationTests.Infrastructure;
using Transactions.ReliableMessage.Producer;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests;

/// <summary>
/// PrepareBatch / CommitBatch on a real service (PostgreSQL): each item answered on its own, as the single call would
/// answer it; limits on the batch; and the producer SDK coalescing concurrent sends into those calls.
/// </summary>
public sealed class BatchCallTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _cleanup = [];
    private ServiceProcess _service = null!;

    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null)
        {
            return;
        }

        var database = await PostgresDatabase.CreateAsync("rm_batch");
        _cleanup.Add(database);
        _service = await ServiceProcess.StartAsync(database.ConnectionString, transport: "Push");
        _cleanup.Add(_service);
    }

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task PrepareBatch_MixedItems_EachAnsweredOnItsOwnInOrder()
    {
        var response = await _service.Client.PrepareBatchAsync(new PrepareBatchRequest
        {
            Items =
            {
                Prepare("orders", "a"),
                Prepare("not a topic!", "b"),
                Prepare("orders", "c", producerKey: "order-42"),
                Prepare("orders", "d", producerKey: "order-42"),
            },
        });

        Assert.Equal(4, response.Results.Count);
        Assert.True(response.Results[0].Response.MessageId > 0);
        Assert.Null(response.Results[0].Error);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Results[1].Error.Code);
        Assert.Contains("'topic'", response.Results[1].Error.Message, StringComparison.Ordinal);
        Assert.Null(response.Results[1].Response);
        // The same producer key twice: one message, the second answer says it existed.
        Assert.Equal(response.Results[2].Response.MessageId, response.Results[3].Response.MessageId);
        Assert.Equal(1, new[] { response.Results[2].Response.Existing, response.Results[3].Response.Existing }.Count(e => e));
        Assert.Equal(MessageStatus.Prepared, (await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = response.Results[0].Response.MessageId })).Status);
    }

    [PostgresFact]
    public async Task CommitBatch_MixedItems_CommittedNotFoundAndRolledBackEachAnswered()
    {
        var prepared = (await _service.Client.PrepareAsync(Prepare("orders", "x"))).MessageId;
        var rolledBack = (await _service.Client.PrepareAsync(Prepare("orders", "y"))).MessageId;
        await _service.Client.RollbackAsync(new RollbackRequest { MessageId = rolledBack, Reason = "local transaction failed" });

        var response = await _service.Client.CommitBatchAsync(new CommitBatchRequest
        {
            Items = { new CommitRequest { MessageId = prepared }, new CommitRequest { MessageId = 424_242 }, new CommitRequest { MessageId = rolledBack } },
        });

        Assert.Equal(3, response.Results.Count);
        Assert.Contains(response.Results[0].Response.Status, new[] { MessageStatus.Committed, MessageStatus.Published });
        Assert.Equal((int)StatusCode.NotFound, response.Results[1].Error.Code);
        Assert.Equal((int)StatusCode.FailedPrecondition, response.Results[2].Error.Code);
        Assert.Contains("RolledBack", response.Results[2].Error.Message, StringComparison.Ordinal);
        Assert.Equal(MessageStatus.RolledBack, (await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = rolledBack })).Status);
    }

    [PostgresFact]
    public async Task Batches_EmptyOrOverTheLimit_InvalidArgumentNamingItems()
    {
        var empty = await Assert.ThrowsAsync<RpcException>(() => _service.Client.CommitBatchAsync(new CommitBatchRequest()).ResponseAsync);
        var tooMany = new PrepareBatchRequest();
        tooMany.Items.AddRange(Enumerable.Range(0, 1_001).Select(i => Prepare("orders", $"k{i}")));
        var over = await Assert.ThrowsAsync<RpcException>(() => _service.Client.PrepareBatchAsync(tooMany).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, StatusCode.InvalidArgument), (empty.StatusCode, over.StatusCode));
        Assert.Contains("'items'", over.Status.Detail, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Producer_ConcurrentSends_LeaveInBatchCallsAndEachCallerGetsItsOwnMessage()
    {
        var counter = new MethodCounter();
        var producer = new ReliableMessageProducer(
            new ReliableMessageService.ReliableMessageServiceClient(_service.Channel.Intercept(counter)),
            Microsoft.Extensions.Options.Options.Create(new ReliableMessageProducerOptions { ServiceAddress = _service.GrpcAddress, ProducerGroup = "batch-producer" }),
            TimeProvider.System,
            NullLogger<ReliableMessageProducer>.Instance);
        await using var _ = producer;

        var ids = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var id = await producer.PrepareAsync(new MessageToSend("orders", $"order-{i}", System.Text.Encoding.UTF8.GetBytes($"payload-{i}")), default);
            await producer.CommitAsync(id, default);
            return (Id: id, Key: $"order-{i}");
        })));

        Assert.Equal(64, ids.Select(x => x.Id).Distinct().Count());
        foreach (var (id, key) in ids)
        {
            var message = await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id });
            Assert.Contains(message.Status, new[] { MessageStatus.Committed, MessageStatus.Published });
            Assert.Equal(key, message.Key);
        }

        // 64 concurrent sends: some of them left together (fewer calls than messages).
        Assert.True(counter.Count("PrepareBatch") >= 1, counter.ToString());
        Assert.True(counter.Count("Prepare") + counter.Count("PrepareBatch") < 64, counter.ToString());

        // An item's error reaches its caller as the single call's error.
        var lost = await producer.PrepareAsync(new MessageToSend("orders", "lost", new byte[] { 1 }), default);
        await producer.RollbackAsync(lost, "local transaction failed", default);
        var refused = await Assert.ThrowsAsync<RpcException>(() => producer.CommitAsync(lost, default));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
    }

    private static PrepareRequest Prepare(string topic, string key, string? producerKey = null) => new()
    {
        Topic = topic,
        Key = key,
        ProducerGroup = "batch-producer",
        ProducerKey = producerKey ?? string.Empty,
        Payload = Google.Protobuf.ByteString.CopyFromUtf8(key),
    };

    /// <summary>Counts the calls of each method that leave through the client.</summary>
    private sealed class MethodCounter : Interceptor
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public int Count(string method) => _counts.GetValueOrDefault(method);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            _counts.AddOrUpdate(context.Method.Name, 1, (_, n) => n + 1);
            return continuation(request, context);
        }

        public override string ToString() => string.Join(", ", _counts.Select(kv => $"{kv.Key} {kv.Value}"));
    }
}
