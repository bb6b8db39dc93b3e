using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Options;
using Transactions.Common.Http;
using Transactions.Coordinator.Domain;
using Transactions.Protocol.Tracing;
using Transactions.Protocol.V1;
using ParticipantProtocol = Transactions.Coordinator.Domain.ParticipantProtocol;

namespace Transactions.Coordinator.Participants;

/// <summary>
/// Phase-2 and saga step calls over the <c>transactions.v1.Participant</c> gRPC service (Grpc.Net.Client). Endpoints
/// are known only at run time (each branch registers its own), so instead of a named client per endpoint the
/// transport keeps one <see cref="GrpcChannel"/> per endpoint, reused for every call to it, all over one
/// <see cref="SocketsHttpHandler"/>: HTTP/2 connections are pooled and multiplexed, with keep-alive pings; each call
/// carries the W3C trace context of the current span.
/// </summary>
public sealed class GrpcParticipantTransport(IOptions<CoordinatorOptions> options) : IParticipantTransport, ISagaParticipantTransport, IDisposable
{
    private static readonly TimeSpan InitialReconnectBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxReconnectBackoff = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly TimeSpan _callTimeout = options.Value.BranchCallTimeout;
    private readonly SocketsHttpHandler _sockets = GrpcSocketsHandler.Create();

    private TraceContextHandler? _handler;

    /// <inheritdoc />
    public ParticipantProtocol Protocol => ParticipantProtocol.Grpc;

    /// <inheritdoc />
    public async Task<BranchCallResult> CallAsync(BranchTransaction branch, BranchAction action, int attempt, CancellationToken cancellationToken)
    {
        var channel = Channel(branch.Endpoint);
        var request = new BranchActionRequest
        {
            Xid = branch.Xid,
            BranchId = branch.BranchId,
            ResourceId = branch.ResourceId,
            ActionName = branch.ActionName,
            ActionContext = branch.ActionContext ?? string.Empty,
            Attempt = attempt,
        };
        var client = new Participant.ParticipantClient(channel);
        // Grpc.Net.Client measures deadlines with the system clock (it takes no TimeProvider), so the deadline is
        // expressed in that clock; it also travels to the participant as grpc-timeout.
        var deadline = DateTime.UtcNow + _callTimeout;
        try
        {
            var response = action == BranchAction.Confirm
                ? await client.ConfirmAsync(request, deadline: deadline, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.CancelAsync(request, deadline: deadline, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Result == BranchActionResult.Succeeded
                ? BranchCallResult.Success
                : BranchCallResult.Failure(string.IsNullOrEmpty(response.Message) ? $"participant answered {response.Result}" : response.Message);
        }
        catch (RpcException ex)
        {
            return BranchCallResult.Failure($"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    /// <inheritdoc />
    public async Task<SagaCallResult> CallSagaAsync(SagaStepCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var request = new SagaStepRequest
        {
            Xid = call.Xid,
            BranchId = call.BranchId,
            ResourceId = call.ResourceId,
            StepName = call.StepName,
            ActionName = call.ActionName,
            Input = call.Input ?? string.Empty,
            Attempt = call.Attempt,
        };
        foreach (var (name, output) in call.Outputs)
        {
            request.Outputs[name] = output;
        }

        var client = new Participant.ParticipantClient(Channel(call.Endpoint));
        try
        {
            // The deadline is the caller's (the step's timeout cancels the token).
            var response = call.Compensate
                ? await client.CompensateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await client.ExecuteAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            var message = string.IsNullOrEmpty(response.Message) ? $"participant answered {response.Result}" : response.Message;
            return response.Result switch
            {
                SagaStepResult.Succeeded => SagaCallResult.Success(string.IsNullOrEmpty(response.Output) ? null : response.Output),
                SagaStepResult.Failed => SagaCallResult.Failure(message),
                _ => SagaCallResult.Retry(message),
            };
        }
        catch (RpcException ex)
        {
            return SagaCallResult.Retry($"{ex.StatusCode}: {ex.Status.Detail}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
        _sockets.Dispose();
    }

    private GrpcChannel Channel(string endpoint) =>
        _channels.GetOrAdd(endpoint, static (address, handler) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = false,
            // While a participant cannot be reached its channel fails calls at once and reconnects with backoff
            // (gRPC's default grows to 2 minutes); capped so a participant that is back is called again within seconds.
            InitialReconnectBackoff = InitialReconnectBackoff,
            MaxReconnectBackoff = MaxReconnectBackoff,
        }), Handler);

    /// <summary>
    /// The handler every channel sends through: the caller's W3C trace context (the coordinator's participant-call
    /// span, or Grpc.Net.Client's call span when it is recorded) is written before HttpClient's own, usually
    /// unexported, request activity can take its place, over the shared sockets handler.
    /// </summary>
    private TraceContextHandler Handler => LazyInitializer.EnsureInitialized(ref _handler, () => new TraceContextHandler(_sockets));
}
