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
    public async Task Producer_SendsWhileACallIsInFlight_LeaveInOneBatchCall_EachCallerGetsItsOwnAnswerOrError()
    {
        var calls = new CallGate();
        await using var producer = Producer(calls);

        // Prepares: one held in flight, 20 more queue behind it and leave together.
        var held = calls.HoldNext();
        var first = producer.PrepareAsync(Message(0), default);
        await held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = Enumerable.Range(1, 20).Select(i => producer.PrepareAsync(Message(i), default)).ToArray();
        held.Release.SetResult();
        var ids = await Task.WhenAll(queued.Prepend(first));

        Assert.Equal(21, ids.Distinct().Count());
        Assert.Equal((1, 1), (calls.Count("Prepare"), calls.Count("PrepareBatch")));
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal($"order-{i}", (await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = ids[i] })).Key);
        }

        // Commits: the same, with one message rolled back in the batch: only its caller gets FailedPrecondition.
        await producer.RollbackAsync(ids[20], "local transaction failed", default);
        held = calls.HoldNext();
        var firstCommit = producer.CommitAsync(ids[0], default);
        await held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var commits = ids.Skip(1).Select(id => producer.CommitAsync(id, default)).ToArray();
        held.Release.SetResult();
        await firstCommit;
        await Task.WhenAll(commits.Take(19));
        var refused = await Assert.ThrowsAsync<RpcException>(() => commits[19]);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("RolledBack", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1), (calls.Count("Commit"), calls.Count("CommitBatch")));
        foreach (var id in ids.Take(20))
        {
            Assert.Contains((await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id })).Status, new[] { MessageStatus.Committed, MessageStatus.Published });
        }
    }

    [PostgresFact]
    public async Task Producer_ServiceWithoutBatchMethods_FallsBackToSingleCalls()
    {
        var calls = new CallGate { RejectBatches = true };
        await using var producer = Producer(calls);

        var held = calls.HoldNext();
        var first = producer.PrepareAsync(Message(0), default);
        await held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = Enumerable.Range(1, 10).Select(i => producer.PrepareAsync(Message(i), default)).ToArray();
        held.Release.SetResult();
        var ids = await Task.WhenAll(queued.Prepend(first));
        await Task.WhenAll(ids.Select(id => producer.CommitAsync(id, default)));

        Assert.Equal(11, ids.Distinct().Count());
        Assert.Equal(1, calls.Count("PrepareBatch")); // tried once, Unimplemented: never again
        Assert.Equal(0, calls.Count("CommitBatch"));
        Assert.Equal((11, 11), (calls.Count("Prepare"), calls.Count("Commit")));
        foreach (var id in ids)
        {
            Assert.Contains((await _service.Client.GetMessageAsync(new GetMessageRequest { MessageId = id })).Status, new[] { MessageStatus.Committed, MessageStatus.Published });
        }
    }

    private static MessageToSend Message(int i) => new("orders", $"order-{i}", System.Text.Encoding.UTF8.GetBytes($"payload-{i}"));

    private ReliableMessageProducer Producer(CallGate calls) => new(
        new ReliableMessageService.ReliableMessageServiceClient(_service.Channel.Intercept(calls)),
        Microsoft.Extensions.Options.Options.Create(new ReliableMessageProducerOptions
        {
            ServiceAddress = _service.GrpcAddress,
            ProducerGroup = "batch-producer",
            BatchSenders = 1,
        }),
        TimeProvider.System,
        NullLogger<ReliableMessageProducer>.Instance);

    private static PrepareRequest Prepare(string topic, string key, string? producerKey = null) => new()
    {
        Topic = topic,
        Key = key,
        ProducerGroup = "batch-producer",
        ProducerKey = producerKey ?? string.Empty,
        Payload = Google.Protobuf.ByteString.CopyFromUtf8(key),
    };

    /// <summary>
    /// Counts the calls of each method that leave through the client; can hold the next call until released (so that
    /// the calls made meanwhile queue in the SDK), and can answer the batch methods Unimplemented (an older service).
    /// </summary>
    private sealed class CallGate : Interceptor
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();
        private Hold? _next;

        public bool RejectBatches { get; init; }

        public Hold HoldNext() => _next = new Hold();

        public int Count(string method) => _counts.GetValueOrDefault(method);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            _counts.AddOrUpdate(context.Method.Name, 1, (_, n) => n + 1);
            if (RejectBatches && context.Method.Name.EndsWith("Batch", StringComparison.Ordinal))
            {
                return Answer(Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unimplemented, "Method is unimplemented."))));
            }

            if (Interlocked.Exchange(ref _next, null) is not { } hold)
            {
                return continuation(request, context);
            }

            hold.Arrived.TrySetResult();
            return Answer(SendAfterAsync(hold.Release.Task, () => continuation(request, context)));
        }

        public override string ToString() => string.Join(", ", _counts.Select(kv => $"{kv.Key} {kv.Value}"));

        private static async Task<TResponse> SendAfterAsync<TResponse>(Task gate, Func<AsyncUnaryCall<TResponse>> send)
        {
            await gate;
            using var call = send();
            return await call.ResponseAsync;
        }

        private static AsyncUnaryCall<TResponse> Answer<TResponse>(Task<TResponse> response) =>
            new(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }

    private sealed class Hold
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
