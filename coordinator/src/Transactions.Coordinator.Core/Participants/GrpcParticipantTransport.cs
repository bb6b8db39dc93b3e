using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Domain;
using Transactions.Grpc;
using Transactions.Protocol.V1;
using ParticipantProtocol = Transactions.Coordinator.Domain.ParticipantProtocol;

namespace Transactions.Coordinator.Participants;

/// <summary>Phase-2 and saga step calls over the <c>transactions.v1.Participant</c> gRPC service; one channel per endpoint, reused.</summary>
public sealed class GrpcParticipantTransport(IOptions<CoordinatorOptions> options, TimeProvider timeProvider) : IParticipantTransport, ISagaParticipantTransport, IDisposable
{
    private readonly ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly TimeSpan _callTimeout = options.Value.BranchCallTimeout;

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
        var method = action == BranchAction.Confirm ? ParticipantMethods.Confirm : ParticipantMethods.Cancel;
        try
        {
            var response = await channel.UnaryAsync(method, request, new CallOptions(Deadline: timeProvider.GetUtcNow().UtcDateTime + _callTimeout, CancellationToken: cancellationToken)).ConfigureAwait(false);
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

        var method = call.Compensate ? ParticipantMethods.Compensate : ParticipantMethods.Execute;
        try
        {
            // The deadline is the caller's (the step's timeout cancels the token).
            var response = await Channel(call.Endpoint).UnaryAsync(method, request, new CallOptions(CancellationToken: cancellationToken)).ConfigureAwait(false);
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
    }

    private GrpcChannel Channel(string endpoint) =>
        _channels.GetOrAdd(endpoint, static (address, time) => GrpcChannel.ForAddress(address, new GrpcChannelOptions { TimeProvider = time }), timeProvider);
}
