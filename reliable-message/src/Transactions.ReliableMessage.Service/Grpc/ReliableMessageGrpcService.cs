using Grpc.Core;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>
/// <c>reliablemessage.v1.ReliableMessageService</c> over the engine. Engine errors become statuses in
/// <see cref="ReliableMessageExceptionInterceptor"/>.
/// </summary>
public sealed class ReliableMessageGrpcService(ReliableMessageEngine engine) : ReliableMessageService.ReliableMessageServiceBase
{
    /// <summary>Prepare.</summary>
    public override async Task<PrepareResponse> Prepare(PrepareRequest request, ServerCallContext context)
    {
        var result = await engine.PrepareAsync(
            new PrepareCommand(request.Topic, request.Key, request.Payload.Memory, request.ProducerGroup, request.ProducerKey, request.CheckEndpoint),
            context.CancellationToken).ConfigureAwait(false);
        return new PrepareResponse { MessageId = result.Message.MessageId, Status = result.Message.Status.ToProto(), Existing = result.Existing };
    }

    /// <summary>Commit.</summary>
    public override async Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context) =>
        new CommitResponse { Status = (await engine.CommitAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false)).ToProto() };

    /// <summary>Rollback.</summary>
    public override async Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context) =>
        new RollbackResponse { Status = (await engine.RollbackAsync(request.MessageId, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto() };

    /// <summary>Ack.</summary>
    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context) =>
        new AckResponse { Acknowledged = await engine.AckAsync(request.ConsumerGroup, request.MessageIds, context.CancellationToken).ConfigureAwait(false) };

    /// <summary>Subscribe.</summary>
    public override async Task<SubscribeResponse> Subscribe(SubscribeRequest request, ServerCallContext context)
    {
        var retry = await engine.SubscribeAsync(request.ConsumerGroup, request.Topics, request.PushEndpoint, context.CancellationToken).ConfigureAwait(false);
        return new SubscribeResponse { RetryTopic = retry ?? string.Empty };
    }

    /// <summary>GetMessage.</summary>
    public override async Task<GetMessageResponse> GetMessage(GetMessageRequest request, ServerCallContext context) =>
        (await engine.GetAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false)).ToProto();
}
