using Transactions.Grpc;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary><c>reliablemessage.v1.ReliableMessageService</c> over the engine.</summary>
public sealed class ReliableMessageGrpcService(ReliableMessageEngine engine)
{
    /// <summary>Prepare.</summary>
    public Task<PrepareResponse> Prepare(PrepareRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
        {
            var result = await engine.PrepareAsync(
                new PrepareCommand(request.Topic, request.Key, request.Payload.Memory, request.ProducerGroup, request.ProducerKey, request.CheckEndpoint),
                context.CancellationToken).ConfigureAwait(false);
            return new PrepareResponse { MessageId = result.Message.MessageId, Status = result.Message.Status.ToProto(), Existing = result.Existing };
        });

    /// <summary>Commit.</summary>
    public Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
            new CommitResponse { Status = (await engine.CommitAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false)).ToProto() });

    /// <summary>Rollback.</summary>
    public Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
            new RollbackResponse { Status = (await engine.RollbackAsync(request.MessageId, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto() });

    /// <summary>Ack.</summary>
    public Task<AckResponse> Ack(AckRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
            new AckResponse { Acknowledged = await engine.AckAsync(request.ConsumerGroup, request.MessageIds, context.CancellationToken).ConfigureAwait(false) });

    /// <summary>Subscribe.</summary>
    public Task<SubscribeResponse> Subscribe(SubscribeRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
        {
            var retry = await engine.SubscribeAsync(request.ConsumerGroup, request.Topics, request.PushEndpoint, context.CancellationToken).ConfigureAwait(false);
            return new SubscribeResponse { RetryTopic = retry ?? string.Empty };
        });

    /// <summary>GetMessage.</summary>
    public Task<GetMessageResponse> GetMessage(GetMessageRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () => (await engine.GetAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false)).ToProto());
}
