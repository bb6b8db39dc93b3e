using Transactions.Grpc;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary><c>reliablemessage.v1.ReliableMessageAdmin</c> over the engine.</summary>
public sealed class ReliableMessageAdminGrpcService(ReliableMessageEngine engine)
{
    /// <summary>ListDeadLetters.</summary>
    public Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
        {
            var response = new ListDeadLettersResponse();
            foreach (var d in await engine.ListDeadLettersAsync(request.ConsumerGroup, request.Limit, context.CancellationToken).ConfigureAwait(false))
            {
                response.DeadLetters.Add(new DeadLetter
                {
                    MessageId = d.MessageId,
                    Topic = d.Topic,
                    Key = d.Key ?? string.Empty,
                    ConsumerGroup = d.ConsumerGroup,
                    Attempts = d.Attempts,
                    DeadSinceUnixMs = d.DeadSinceUnixMs,
                    LastError = d.LastError ?? string.Empty,
                });
            }

            return response;
        });

    /// <summary>Requeue.</summary>
    public Task<DeliveryActionResponse> Requeue(DeliveryActionRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () => new DeliveryActionResponse
        {
            Status = (await engine.RequeueAsync(request.MessageId, request.ConsumerGroup, request.Reason, request.Actor, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        });

    /// <summary>Discard.</summary>
    public Task<DeliveryActionResponse> Discard(DeliveryActionRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () => new DeliveryActionResponse
        {
            Status = (await engine.DiscardAsync(request.MessageId, request.ConsumerGroup, request.Reason, request.Actor, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        });

    /// <summary>ListParked.</summary>
    public Task<ListParkedResponse> ListParked(ListParkedRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () =>
        {
            var response = new ListParkedResponse();
            foreach (var m in await engine.ListParkedAsync(request.Limit, context.CancellationToken).ConfigureAwait(false))
            {
                response.Messages.Add(new ParkedMessage
                {
                    MessageId = m.MessageId,
                    Topic = m.Topic,
                    ProducerGroup = m.ProducerGroup,
                    CheckAttempts = m.CheckAttempts,
                    LastError = m.LastError ?? string.Empty,
                    CreatedUnixMs = m.CreatedUnixMs,
                });
            }

            return response;
        });

    /// <summary>ResolveParked.</summary>
    public Task<ResolveParkedResponse> ResolveParked(ResolveParkedRequest request, ServerCallContext context) =>
        StatusMapping.RunAsync(async () => new ResolveParkedResponse
        {
            Status = (await engine.ResolveParkedAsync(request.MessageId, request.Commit, request.Reason, request.Actor, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        });
}
