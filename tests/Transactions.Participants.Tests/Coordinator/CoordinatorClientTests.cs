using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Transactions.Grpc;
using Transactions.Participants.Coordinator;
using Transactions.Participants.Tests.Fakes;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Tests.Coordinator;

/// <summary>Retries of coordinator calls against a scripted coordinator on loopback HTTP/2.</summary>
public sealed class CoordinatorClientTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _beginKeys = new();
    private readonly ConcurrentQueue<string?> _appKeys = new();
    private int _beginFailuresLeft;
    private int _registerCalls;
    private int _commitCalls;
    private LoopbackApp _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackApp.StartAsync(
        services => services.AddGrpcBinding().AddLogging(),
        app =>
        {
            app.MapGrpcUnary(TransactionManagerMethods.Begin, (request, context) =>
            {
                _appKeys.Enqueue(context.RequestHeaders.GetValue("x-tx-app-key"));
                _beginKeys.Enqueue(request.IdempotencyKey);
                return Interlocked.Decrement(ref _beginFailuresLeft) >= 0
                    ? throw new RpcException(StatusCode.Unavailable, "starting up")
                    : Task.FromResult(new BeginResponse { Xid = 77, Status = GlobalStatus.Active, DeadlineUnixMs = 1_000 });
            });
            app.MapGrpcUnary(ResourceManagerMethods.RegisterBranch, (_, _) =>
            {
                Interlocked.Increment(ref _registerCalls);
                throw new RpcException(StatusCode.Unavailable, "overloaded");
            });
            app.MapGrpcUnary(TransactionManagerMethods.Commit, (_, context) =>
            {
                _appKeys.Enqueue(context.RequestHeaders.GetValue("x-tx-app-key"));
                Interlocked.Increment(ref _commitCalls);
                throw new RpcException(StatusCode.FailedPrecondition, "its decision is already RollingBack");
            });
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task BeginAsync_CoordinatorUnavailableTwice_RetriesWithTheSameIdempotencyKey()
    {
        _beginFailuresLeft = 2;
        using var sut = CreateClient(_server.Http2Address.ToString());

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
        using var sut = CreateClient(_server.Http2Address.ToString());

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("Begin", ex.Operation);
        Assert.Equal(4, _beginKeys.Count);
    }

    [Fact]
    public async Task RegisterBranchAsync_UnavailableAnsweredByTheCoordinator_NotRetried()
    {
        using var sut = CreateClient(_server.Http2Address.ToString());

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.RegisterBranchAsync(
            new BranchRegistration(5, "app", "reserve", "http://127.0.0.1:2", ParticipantProtocol.Grpc, "{}"), CancellationToken.None));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(5, ex.Xid);
        Assert.Equal(1, _registerCalls);
    }

    [Fact]
    public async Task CommitAsync_FailedPrecondition_NotRetried()
    {
        using var sut = CreateClient(_server.Http2Address.ToString());

        var ex = await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.CommitAsync(5, returnAfterDecision: false, CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal(1, _commitCalls);
    }

    [Fact]
    public async Task ApplicationKey_Configured_SentAsMetadataOnEveryCall()
    {
        using var sut = CreateClient(_server.Http2Address.ToString(), applicationKey: "unit-app-key-0123456789");

        await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);
        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.CommitAsync(77, returnAfterDecision: false, CancellationToken.None));

        Assert.Equal(["unit-app-key-0123456789", "unit-app-key-0123456789"], _appKeys);
    }

    [Fact]
    public async Task ApplicationKey_NotConfigured_NoMetadataSent()
    {
        using var sut = CreateClient(_server.Http2Address.ToString());

        await sut.BeginAsync("order", TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Equal([null], _appKeys);
    }

    [Fact]
    public async Task BeginAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var sut = CreateClient(_server.Http2Address.ToString());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sut.BeginAsync("order", TimeSpan.FromSeconds(5), cts.Token));
    }

    [Fact]
    public void IsNotSent_ConnectionRefused_True()
    {
        var refused = new RpcException(
            new Status(StatusCode.Unavailable, "Error starting gRPC call."),
            null,
            new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.True(CoordinatorClient.IsNotSent(refused));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.Internal)]
    public void IsNotSent_FailureAfterSending_False(StatusCode code)
    {
        var afterSending = new RpcException(new Status(code, "reset"), null, new IOException("The response ended prematurely."));

        Assert.False(CoordinatorClient.IsNotSent(afterSending));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.FailedPrecondition, false)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    public void IsTransient_ByStatus(StatusCode code, bool expected)
    {
        Assert.Equal(expected, CoordinatorClient.IsTransient(new RpcException(code, "x")));
    }

    private static CoordinatorClient CreateClient(string address, string? applicationKey = null) => new(
        Options.Create(new TransactionsOptions
        {
            CoordinatorAddress = address,
            ApplicationId = "unit-app",
            ApplicationKey = applicationKey,
            CoordinatorMaxRetries = 3,
            CoordinatorRetryDelay = TimeSpan.FromMilliseconds(5),
            CoordinatorMaxRetryDelay = TimeSpan.FromMilliseconds(20),
        }),
        TimeProvider.System,
        NullLogger<CoordinatorClient>.Instance);
}
