using Grpc.Core;
using Microsoft.Extensions.Logging;
using Transactions.Hosting.Grpc;
using Transactions.Protocol.V1;
using Xunit;

namespace Transactions.Coordinator.Tests.Hosting;

public sealed class LogScopeInterceptorTests
{
    [Fact]
    public async Task UnaryServerHandler_RequestWithXid_HandlerRunsInsideXidScope()
    {
        var logger = new ScopeRecordingLogger();
        var sut = new LogScopeInterceptor(logger);
        IReadOnlyList<object> scopesSeenByHandler = [];

        var response = await sut.UnaryServerHandler(
            new CommitRequest { Xid = 4242 },
            new StubServerCallContext(),
            (request, context) =>
            {
                scopesSeenByHandler = logger.OpenScopes;
                return Task.FromResult(new CommitResponse { Status = GlobalStatus.Committed });
            });

        Assert.Equal(GlobalStatus.Committed, response.Status);
        var scope = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(Assert.Single(scopesSeenByHandler));
        Assert.Equal(4242L, scope["Xid"]);
        Assert.Empty(logger.OpenScopes); // closed when the call ends
    }

    [Fact]
    public async Task UnaryServerHandler_RequestWithoutIds_NoScope()
    {
        var logger = new ScopeRecordingLogger();
        var sut = new LogScopeInterceptor(logger);
        var scopes = -1;

        await sut.UnaryServerHandler(
            new BeginRequest { Name = "no-xid-yet" },
            new StubServerCallContext(),
            (request, context) =>
            {
                scopes = logger.OpenScopes.Count;
                return Task.FromResult(new BeginResponse());
            });

        Assert.Equal(0, scopes);
    }

    [Fact]
    public async Task UnaryServerHandler_HandlerThrows_ScopeClosedAndExceptionPropagates()
    {
        var logger = new ScopeRecordingLogger();
        var sut = new LogScopeInterceptor(logger);

        await Assert.ThrowsAsync<RpcException>(() => sut.UnaryServerHandler<GetStatusRequest, GetStatusResponse>(
            new GetStatusRequest { Xid = 7 },
            new StubServerCallContext(),
            (request, context) => throw new RpcException(new Status(StatusCode.NotFound, "unknown"))));

        Assert.Empty(logger.OpenScopes);
    }

    private sealed class ScopeRecordingLogger : ILogger<LogScopeInterceptor>
    {
        private readonly List<object> _open = [];

        public IReadOnlyList<object> OpenScopes => [.. _open];

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            _open.Add(state);
            return new Closer(() => _open.Remove(state));
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        private sealed class Closer(Action close) : IDisposable
        {
            public void Dispose() => close();
        }
    }

    private sealed class StubServerCallContext : ServerCallContext
    {
        protected override string MethodCore => "/transactions.v1.TransactionManager/Commit";

        protected override string HostCore => "localhost";

        protected override string PeerCore => "ipv4:127.0.0.1:1";

        protected override DateTime DeadlineCore => DateTime.MaxValue;

        protected override Metadata RequestHeadersCore { get; } = [];

        protected override CancellationToken CancellationTokenCore => CancellationToken.None;

        protected override Metadata ResponseTrailersCore { get; } = [];

        protected override Status StatusCore { get; set; }

        protected override WriteOptions? WriteOptionsCore { get; set; }

        protected override AuthContext AuthContextCore { get; } = new(null, []);

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            throw new NotSupportedException();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
