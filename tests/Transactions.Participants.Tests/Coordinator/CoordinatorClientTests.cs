using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Coordinator;
using Transactions.Participants.Tests.Fakes;
using Transactions.Protocol.V1;
using ResourceManagerBase = Transactions.Protocol.V1.ResourceManager.ResourceManagerBase;
using TransactionManagerBase = Transactions.Protocol.V1.TransactionManager.TransactionManagerBase;

namespace Transactions.Participants.Tests.Coordinator;

/// <summary>Retries of coordinator calls against a scripted coordinator (Grpc.AspNetCore) on loopback HTTP/2.</summary>
public sealed class CoordinatorClientTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _beginKeys = new();
    private readonly ConcurrentQueue<string?> _appKeys = new();
    private readonly ConcurrentQueue<string> _registerKeys = new();
    private int _beginFailuresLeft;
    private int _commitFailuresLeft;
    private bool _commitSucceeds;
    private int _commitCalls;
    private LoopbackApp _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackApp.StartAsync(
        services =>
        {
            services.AddGrpc();
            services.AddSingleton(new ScriptedTransactionManager(this));
            services.AddSingleton(new ScriptedResourceManager(this));
        },
        app =>
        {
            app.MapGrpcService<ScriptedTransactionManager>();
            app.MapGrpcService<ScriptedResourceManager>();
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task BeginAsync_CoordinatorUnavailableTwice_RetriesWithTheSameIdempotencyKey()
    {
        _beginFailuresLeft = 2;
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var result = await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal(77, result.Xid);
        Assert.Equal(3, _beginKeys.Count);
        Assert.Single(_beginKeys.Distinct());
        Assert.Equal(32, _beginKeys.First().Length);
    }

    [Fact]
    public async Task BeginAsync_StillUnavailableAfterRetries_ThrowsCoordinatorException()
    {
        _beginFailuresLeft = 100;
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("Begin", ex.Operation);
        Assert.Equal("starting up", ex.Detail);
        Assert.Equal(4, _beginKeys.Count);
    }

    [Fact]
    public async Task RegisterBranchAsync_UnavailableEveryTime_RetriedWithTheSameIdempotencyKey()
    {
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.RegisterBranchAsync(
            new BranchRegistration(5, "app", "reserve", "http://127.0.0.1:2", ParticipantProtocol.Grpc, "{}"), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(5, ex.Xid);
        Assert.Equal(4, _registerKeys.Count);
        Assert.Single(_registerKeys.Distinct());
        Assert.Equal(32, _registerKeys.First().Length);
    }

    [Fact]
    public async Task RegisterBranchAsync_TwoRegistrations_DifferentIdempotencyKeys()
    {
        await using var services = CreateServices(_server.Http2Address.ToString(), maxRetries: 0);
        var sut = services.GetRequiredService<ICoordinatorClient>();
        var registration = new BranchRegistration(5, "app", "reserve", "http://127.0.0.1:2", ParticipantProtocol.Grpc, "{}");

        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.RegisterBranchAsync(registration, CancellationToken.None));
        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.RegisterBranchAsync(registration, CancellationToken.None));

        Assert.Equal(2, _registerKeys.Distinct().Count());
    }

    [Fact]
    public async Task CommitAsync_FailedPrecondition_NotRetried()
    {
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.CommitAsync(5, returnAfterDecision: false, DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(1, _commitCalls);
    }

    [Fact]
    public async Task CommitAsync_UnavailableLongerThanMaxRetries_RetriedUntilTheCoordinatorAnswers()
    {
        // A coordinator restarting for longer than CoordinatorMaxRetries covers: the commit can still win before the deadline.
        _commitFailuresLeft = 8;
        _commitSucceeds = true;
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var status = await sut.CommitAsync(5, returnAfterDecision: false, DateTimeOffset.UtcNow.AddSeconds(30), CancellationToken.None);

        Assert.Equal(GlobalTransactionStatus.Committed, status);
        Assert.Equal(9, _commitCalls);
    }

    [Fact]
    public async Task CommitAsync_StillUnavailableAtTheDeadline_GivesUpThen()
    {
        _commitFailuresLeft = int.MaxValue;
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();
        var started = DateTimeOffset.UtcNow;

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(
            () => sut.CommitAsync(5, returnAfterDecision: false, started.AddMilliseconds(400), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        var elapsed = DateTimeOffset.UtcNow - started;
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"gave up after {elapsed.TotalMilliseconds} ms, before the deadline");
        Assert.True(_commitCalls > 4, $"{_commitCalls} calls: more than CoordinatorMaxRetries allows were expected");
    }

    [Fact]
    public async Task ApplicationKey_Configured_SentAsMetadataOnEveryCall()
    {
        await using var services = CreateServices(_server.Http2Address.ToString(), applicationKey: "unit-app-key-0123456789");
        var sut = services.GetRequiredService<ICoordinatorClient>();

        await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);
        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.CommitAsync(77, returnAfterDecision: false, null, CancellationToken.None));

        Assert.Equal(["unit-app-key-0123456789", "unit-app-key-0123456789"], _appKeys);
    }

    [Fact]
    public async Task ApplicationKey_NotConfigured_NoMetadataSent()
    {
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();

        await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal([null], _appKeys);
    }

    [Fact]
    public async Task BeginAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var services = CreateServices(_server.Http2Address.ToString());
        var sut = services.GetRequiredService<ICoordinatorClient>();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.BeginAsync("order", TimeSpan.FromSeconds(5), cts.Token));
    }

    [Fact]
    public async Task CoordinatorHttpHandler_Configured_CallsGoThroughItAndTheSdkNeverDisposesIt()
    {
        using var handler = new CountingHandler();
        var services = CreateServices(_server.Http2Address.ToString(), handler: handler);
        var sut = services.GetRequiredService<ICoordinatorClient>();

        var result = await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);
        await services.DisposeAsync();

        Assert.Equal(77, result.Xid);
        Assert.Equal(1, handler.Requests);
        Assert.False(handler.Disposed);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.FailedPrecondition, false)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    public void IsTransient_ByStatus(StatusCode code, bool expected)
    {
        Assert.Equal(expected, CoordinatorClient.IsTransient(new RpcException(new Status(code, "x"))));
    }

    /// <summary>The SDK's services as <c>AddTransactions</c> registers them (the coordinator client through the gRPC client factory).</summary>
    private static ServiceProvider CreateServices(string address, string? applicationKey = null, int maxRetries = 3, HttpMessageHandler? handler = null)
    {
        var services = new ServiceCollection();
        services.AddTransactions(options =>
        {
            options.CoordinatorAddress = address;
            options.ApplicationId = "unit-app";
            options.ApplicationKey = applicationKey;
            options.CoordinatorMaxRetries = maxRetries;
            options.CoordinatorRetryDelay = TimeSpan.FromMilliseconds(5);
            options.CoordinatorMaxRetryDelay = TimeSpan.FromMilliseconds(20);
            options.CoordinatorHttpHandler = handler;
        });
        return services.BuildServiceProvider();
    }

    private sealed class ScriptedTransactionManager(CoordinatorClientTests test) : TransactionManagerBase
    {
        public override Task<BeginResponse> Begin(BeginRequest request, ServerCallContext context)
        {
            test._appKeys.Enqueue(context.RequestHeaders.GetValue("x-tx-app-key"));
            test._beginKeys.Enqueue(request.IdempotencyKey);
            return Interlocked.Decrement(ref test._beginFailuresLeft) >= 0
                ? throw new RpcException(new Status(StatusCode.Unavailable, "starting up"))
                : Task.FromResult(new BeginResponse { Xid = 77, Status = GlobalStatus.Active, DeadlineUnixMs = 1_000 });
        }

        public override Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context)
        {
            test._appKeys.Enqueue(context.RequestHeaders.GetValue("x-tx-app-key"));
            Interlocked.Increment(ref test._commitCalls);
            if (Interlocked.Decrement(ref test._commitFailuresLeft) >= 0)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "restarting"));
            }

            return test._commitSucceeds
                ? Task.FromResult(new CommitResponse { Status = GlobalStatus.Committed })
                : throw new RpcException(new Status(StatusCode.FailedPrecondition, "its decision is already RollingBack"));
        }
    }

    private sealed class ScriptedResourceManager(CoordinatorClientTests test) : ResourceManagerBase
    {
        public override Task<RegisterBranchResponse> RegisterBranch(RegisterBranchRequest request, ServerCallContext context)
        {
            test._registerKeys.Enqueue(request.IdempotencyKey);
            throw new RpcException(new Status(StatusCode.Unavailable, "overloaded"));
        }
    }

    /// <summary>An application's handler: counts requests and records whether somebody disposed it.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
