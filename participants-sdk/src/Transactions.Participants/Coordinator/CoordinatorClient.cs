using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Transactions.Participants.Logging;
using Transactions.Protocol.V1;
using ResourceManagerClient = Transactions.Protocol.V1.ResourceManager.ResourceManagerClient;
using TransactionManagerClient = Transactions.Protocol.V1.TransactionManager.TransactionManagerClient;

namespace Transactions.Participants.Coordinator;

/// <summary>
/// Calls the coordinator through the generated <c>TransactionManager</c> and <c>ResourceManager</c> clients
/// (Grpc.Net.ClientFactory named clients over HTTP/2, see <see cref="CoordinatorClientRegistration"/>), each attempt
/// with its own deadline, through a Polly retry pipeline that retries transient failures: every call is safe to
/// repeat (Begin and RegisterBranch carry an idempotency key chosen once per call and kept across its retries;
/// Commit, Rollback, ReportBranch and GetStatus are idempotent by nature).
/// </summary>
internal sealed class CoordinatorClient : ICoordinatorClient
{
    /// <summary>The metadata header that carries <see cref="TransactionsOptions.ApplicationKey"/> on every TC call.</summary>
    internal const string ApplicationKeyHeader = "x-tx-app-key";

    private readonly TransactionsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CoordinatorClient> _logger;
    private readonly Lazy<TransactionManagerClient> _transactionManager;
    private readonly Lazy<ResourceManagerClient> _resourceManager;
    private readonly ResiliencePipeline _repeatable;

    public CoordinatorClient(GrpcClientFactory clientFactory, IOptions<TransactionsOptions> options, TimeProvider timeProvider, ILogger<CoordinatorClient> logger)
    {
        ArgumentNullException.ThrowIfNull(clientFactory);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;

        // Created on first use (like a channel): the address is only read once the options were validated.
        _transactionManager = new Lazy<TransactionManagerClient>(
            () => clientFactory.CreateClient<TransactionManagerClient>(CoordinatorClientRegistration.TransactionManagerClientName));
        _resourceManager = new Lazy<ResourceManagerClient>(
            () => clientFactory.CreateClient<ResourceManagerClient>(CoordinatorClientRegistration.ResourceManagerClientName));
        _repeatable = BuildPipeline(IsTransient);
    }

    public async Task<BeginResult> BeginAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new BeginRequest
        {
            Name = name,
            TimeoutMs = (int)Math.Ceiling(timeout.TotalMilliseconds),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            ApplicationId = _options.ApplicationId ?? string.Empty,
        };
        var response = await CallAsync(_repeatable, "Begin", _transactionManager.Value.BeginAsync, request, xid: null, cancellationToken).ConfigureAwait(false);
        return new BeginResult(response.Xid, DateTimeOffset.FromUnixTimeMilliseconds(response.DeadlineUnixMs));
    }

    public async Task<GlobalTransactionStatus> CommitAsync(long xid, bool returnAfterDecision, DateTimeOffset? retryUntil, CancellationToken cancellationToken)
    {
        var request = new CommitRequest { Xid = xid, ReturnAfterDecision = returnAfterDecision };

        // Until the deadline the Commit can still win over the coordinator's timeout rollback: a coordinator that is
        // restarting (seconds) must not turn a transaction whose branches all succeeded into an unknown outcome.
        var pipeline = retryUntil is { } until && _options.CoordinatorMaxRetries > 0
            ? BuildPipeline(ex => IsTransient(ex) && _timeProvider.GetUtcNow() < until, int.MaxValue)
            : _repeatable;
        var response = await CallAsync(pipeline, "Commit", _transactionManager.Value.CommitAsync, request, xid, cancellationToken).ConfigureAwait(false);
        return response.Status.ToStatus();
    }

    public async Task<GlobalTransactionStatus> RollbackAsync(long xid, string? reason, CancellationToken cancellationToken)
    {
        var request = new RollbackRequest { Xid = xid, Reason = Truncate(reason ?? string.Empty, 1024) };
        var response = await CallAsync(_repeatable, "Rollback", _transactionManager.Value.RollbackAsync, request, xid, cancellationToken).ConfigureAwait(false);
        return response.Status.ToStatus();
    }

    public async Task<GlobalTransactionInfo> GetStatusAsync(long xid, CancellationToken cancellationToken)
    {
        var request = new GetStatusRequest { Xid = xid };
        var response = await CallAsync(_repeatable, "GetStatus", _transactionManager.Value.GetStatusAsync, request, xid, cancellationToken).ConfigureAwait(false);
        return response.ToInfo();
    }

    public async Task<long> RegisterBranchAsync(BranchRegistration registration, CancellationToken cancellationToken)
    {
        var request = new RegisterBranchRequest
        {
            Xid = registration.Xid,
            ResourceId = registration.ResourceId,
            ActionName = registration.ActionName,
            BranchType = BranchType.Tcc,
            ParticipantEndpoint = registration.Endpoint,
            Protocol = registration.Protocol.ToProto(),
            ActionContext = registration.ActionContext,
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        };
        var response = await CallAsync(_repeatable, "RegisterBranch", _resourceManager.Value.RegisterBranchAsync, request, registration.Xid, cancellationToken).ConfigureAwait(false);
        return response.BranchId;
    }

    public async Task ReportBranchFailedAsync(long xid, long branchId, string error, CancellationToken cancellationToken)
    {
        var request = new ReportBranchRequest
        {
            Xid = xid,
            BranchId = branchId,
            Report = BranchReport.PhaseOneFailed,
            Error = Truncate(error, 4096),
        };
        await CallAsync(_repeatable, "ReportBranch", _resourceManager.Value.ReportBranchAsync, request, xid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Failures worth retrying for calls that are safe to repeat.</summary>
    internal static bool IsTransient(RpcException exception) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted;

    /// <summary>The call's metadata (a new instance per call: metadata is mutable): the application key, if any.</summary>
    private Metadata? BuildHeaders() =>
        string.IsNullOrEmpty(_options.ApplicationKey) ? null : new Metadata { { ApplicationKeyHeader, _options.ApplicationKey } };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private ResiliencePipeline BuildPipeline(Func<RpcException, bool> shouldRetry, int? maxRetries = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (_options.CoordinatorMaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle(shouldRetry),
                MaxRetryAttempts = maxRetries ?? _options.CoordinatorMaxRetries,
                Delay = _options.CoordinatorRetryDelay,
                MaxDelay = _options.CoordinatorMaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    var status = args.Outcome.Exception is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;
                    var detail = args.Outcome.Exception is RpcException failed ? failed.Status.Detail : args.Outcome.Exception?.Message;
                    TransactionsLog.CoordinatorRetry(_logger, args.Context.OperationKey ?? "call", args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, status, detail);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        ResiliencePipeline pipeline,
        string operation,
        Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> call,
        TRequest request,
        long? xid,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    // Grpc.Net.Client measures deadlines with the system clock.
                    var deadline = state.Client._timeProvider.GetUtcNow().UtcDateTime + state.Client._options.CoordinatorCallTimeout;
                    using var unary = state.Call(state.Request, new CallOptions(state.Client.BuildHeaders(), deadline, ctx.CancellationToken));
                    return await unary.ResponseAsync.ConfigureAwait(false);
                },
                context,
                (Client: this, Call: call, Request: request)).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The coordinator's {operation} was cancelled.", ex, cancellationToken);
        }
        catch (RpcException ex)
        {
            throw new TransactionCoordinatorException(operation, ex.StatusCode, ex.Status.Detail, xid, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
