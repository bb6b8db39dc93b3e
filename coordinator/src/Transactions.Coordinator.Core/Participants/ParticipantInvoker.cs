using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Options;

namespace Transactions.Coordinator.Participants;

/// <summary>
/// Dispatches a phase-2 call to the transport of the branch's protocol through one Polly pipeline
/// (per-call timeout, then exponential backoff with jitter for quick in-round retries). Longer-term
/// retries are phase-2 rounds scheduled by the engine.
/// </summary>
public sealed partial class ParticipantInvoker : IParticipantInvoker, ISagaStepInvoker
{
    private readonly Dictionary<ParticipantProtocol, IParticipantTransport> _transports;
    private readonly Dictionary<ParticipantProtocol, ISagaParticipantTransport> _sagaTransports;
    private readonly ConcurrentDictionary<TimeSpan, ResiliencePipeline<SagaCallResult>> _sagaPipelines = new();
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<BranchCallResult> _pipeline;
    private readonly ILogger<ParticipantInvoker> _logger;
    private readonly CoordinatorMetrics? _metrics;

    /// <summary>Creates the invoker.</summary>
    public ParticipantInvoker(
        IEnumerable<IParticipantTransport> transports,
        IEnumerable<ISagaParticipantTransport> sagaTransports,
        IOptions<CoordinatorOptions> options,
        TimeProvider timeProvider,
        ILogger<ParticipantInvoker> logger,
        CoordinatorMetrics? metrics = null)
    {
        _metrics = metrics;
        _transports = transports.ToDictionary(t => t.Protocol);
        _sagaTransports = sagaTransports.ToDictionary(t => t.Protocol);
        _timeProvider = timeProvider;
        _logger = logger;
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder<BranchCallResult> { TimeProvider = timeProvider };
        if (settings.BranchCallRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<BranchCallResult>
            {
                MaxRetryAttempts = settings.BranchCallRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BranchCallRetryDelay,
                ShouldHandle = new PredicateBuilder<BranchCallResult>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => !r.Succeeded),
            });
        }

        builder.AddTimeout(settings.BranchCallTimeout);
        _pipeline = builder.Build();
    }

    /// <inheritdoc />
    public async Task<BranchCallResult> InvokeAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken)
    {
        if (!_transports.TryGetValue(branch.Protocol, out var transport))
        {
            return BranchCallResult.Failure($"No transport for participant protocol {branch.Protocol}.");
        }

        var calls = new StrongBox<int>(0);
        using var activity = CoordinatorDiagnostics.StartParticipantCall(action.ToString(), branch.Xid, branch.BranchId, branch.ResourceId, branch.Endpoint);
        var outcome = await InvokeCoreAsync(transport, branch, action, attempt, calls, cancellationToken).ConfigureAwait(false);
        _metrics?.BranchCall(action == BranchAction.Confirm ? "confirm" : "cancel", outcome.Succeeded ? "succeeded" : "failed");
        if (!outcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        return outcome;
    }

    /// <inheritdoc />
    /// <remarks>
    /// One call, no quick retries: every saga attempt is persisted before and after by the saga driver, which
    /// schedules retries itself. The per-step timeout is a Polly timeout pipeline, one per distinct timeout.
    /// </remarks>
    public async Task<SagaCallResult> InvokeAsync(SagaStepCall call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var what = call.Compensate ? "Compensate" : "Execute";
        using var activity = CoordinatorDiagnostics.StartParticipantCall(what, call.Xid, call.BranchId, call.ResourceId, call.Endpoint);
        var result = await InvokeSagaCoreAsync(call, what, timeout, cancellationToken).ConfigureAwait(false);
        _metrics?.BranchCall(call.Compensate ? "compensate" : "execute", result.Outcome switch
        {
            SagaCallOutcome.Succeeded => "succeeded",
            SagaCallOutcome.RetryLater => "retry_later",
            _ => "failed",
        });
        if (result.Outcome != SagaCallOutcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        return result;
    }

    private async Task<BranchCallResult> InvokeCoreAsync(
        IParticipantTransport transport, BranchTransaction branch, BranchAction action, int attempt, StrongBox<int> calls, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<BranchCallResult>(state.transport.CallAsync(state.branch, state.action, state.attempt + state.calls.Value++, ct)),
                (transport, branch, action, attempt, calls),
                cancellationToken).ConfigureAwait(false);
            return result with { Calls = calls.Value };
        }
        catch (TimeoutRejectedException)
        {
            return new BranchCallResult(false, $"{action} timed out at {branch.Endpoint}.", Math.Max(1, calls.Value));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCallFailed(_logger, branch.Xid, branch.BranchId, action, ex);
            return new BranchCallResult(false, $"{action} failed: {ex.GetType().Name}: {ex.Message}", Math.Max(1, calls.Value));
        }
    }

    private async Task<SagaCallResult> InvokeSagaCoreAsync(SagaStepCall call, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_sagaTransports.TryGetValue(call.Protocol, out var transport))
        {
            return SagaCallResult.Retry($"No saga transport for participant protocol {call.Protocol}.");
        }

        var pipeline = _sagaPipelines.GetOrAdd(timeout, static (t, time) => new ResiliencePipelineBuilder<SagaCallResult> { TimeProvider = time }.AddTimeout(t).Build(), _timeProvider);
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, ct) => new ValueTask<SagaCallResult>(state.transport.CallSagaAsync(state.call, ct)),
                (transport, call),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return SagaCallResult.Retry($"{what} timed out after {timeout.TotalMilliseconds:F0} ms at {call.Endpoint}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSagaCallFailed(_logger, call.Xid, call.BranchId, what, ex);
            return SagaCallResult.Retry($"{what} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "xid {Xid} step {BranchId}: saga {Action} call threw")]
    private static partial void LogSagaCallFailed(ILogger logger, long xid, long branchId, string action, Exception exception);

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "xid {Xid} branch {BranchId}: {Action} call threw")]
    private static partial void LogCallFailed(ILogger logger, long xid, long branchId, BranchAction action, Exception exception);
}
