using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Options;

namespace Transactions.Coordinator.Participants;

/// <summary>
/// Dispatches a phase-2 call to the transport of the branch's protocol through one Polly pipeline
/// (per-call timeout, then exponential backoff with jitter for quick in-round retries). Longer-term
/// retries are phase-2 rounds scheduled by the engine.
/// </summary>
public sealed partial class ParticipantInvoker : IParticipantInvoker
{
    private readonly Dictionary<ParticipantProtocol, IParticipantTransport> _transports;
    private readonly ResiliencePipeline<BranchCallResult> _pipeline;
    private readonly ILogger<ParticipantInvoker> _logger;

    /// <summary>Creates the invoker.</summary>
    public ParticipantInvoker(
        IEnumerable<IParticipantTransport> transports,
        IOptions<CoordinatorOptions> options,
        TimeProvider timeProvider,
        ILogger<ParticipantInvoker> logger)
    {
        _transports = transports.ToDictionary(t => t.Protocol);
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

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "xid {Xid} branch {BranchId}: {Action} call threw")]
    private static partial void LogCallFailed(ILogger logger, long xid, long branchId, BranchAction action, Exception exception);
}
