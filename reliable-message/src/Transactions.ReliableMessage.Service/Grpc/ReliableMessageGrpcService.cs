using Grpc.Core;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.ReliableMessage.Service.Notifications;
using Transactions.ReliableMessage.Service.Security;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>
/// <c>reliablemessage.v1.ReliableMessageService</c> over the engine. Engine errors become statuses in
/// <see cref="ReliableMessageExceptionInterceptor"/>. Every call is checked against the application keys
/// (<see cref="MessageApiAccess"/>, key in the <c>x-rm-app-key</c> metadata) before it reaches the engine.
/// </summary>
public sealed class ReliableMessageGrpcService(ReliableMessageEngine engine, MessageApiAccess access, Notifier notifier) : ReliableMessageService.ReliableMessageServiceBase
{
    /// <summary>Notify: a best-effort notification (see <see cref="Notifier"/>).</summary>
    public override async Task<NotifyResponse> Notify(NotifyRequest request, ServerCallContext context)
    {
        var (notification, created) = await notifier.NotifyAsync(
            Caller(context), new NotifyCommand(request.Url, request.Body.Memory, request.Key, request.ContentType), context.CancellationToken).ConfigureAwait(false);
        return new NotifyResponse
        {
            NotificationId = notification.NotificationId,
            QueryToken = notification.QueryToken,
            Status = notification.Status.ToProto(),
            Existing = !created,
        };
    }

    /// <summary>GetNotification: by query token, or by the notifying application's key.</summary>
    public override async Task<NotificationInfo> GetNotification(GetNotificationRequest request, ServerCallContext context) =>
        (await notifier.GetAsync(
            request.NotificationId,
            request.QueryToken,
            context.RequestHeaders.GetValue(MessageApiSecurityOptions.KeyHeader),
            context.CancellationToken).ConfigureAwait(false)).ToProto(withBody: true);

    /// <summary>Prepare.</summary>
    public override Task<PrepareResponse> Prepare(PrepareRequest request, ServerCallContext context) =>
        PrepareOneAsync(Caller(context), request, context.CancellationToken);

    /// <summary>Commit.</summary>
    public override Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context) =>
        CommitOneAsync(Caller(context), request, context.CancellationToken);

    /// <summary>
    /// PrepareBatch: every item goes to the engine at once, so the items join the same group-commit batches as
    /// concurrent Prepare calls (one INSERT for many). An engine error answers its item only; any other failure (the
    /// database) fails the call, which the client retries as a whole.
    /// </summary>
    public override async Task<PrepareBatchResponse> PrepareBatch(PrepareBatchRequest request, ServerCallContext context)
    {
        RequireBatchSize(request.Items.Count);
        var caller = Caller(context);
        var results = await Task.WhenAll(request.Items.Select(async item =>
        {
            try
            {
                return new PrepareItemResult { Response = await PrepareOneAsync(caller, item, context.CancellationToken).ConfigureAwait(false) };
            }
            catch (ReliableMessageException ex)
            {
                return new PrepareItemResult { Error = ItemError(ex) };
            }
        })).ConfigureAwait(false);
        return new PrepareBatchResponse { Results = { results } };
    }

    /// <summary>CommitBatch: as <see cref="PrepareBatch"/>, for commits.</summary>
    public override async Task<CommitBatchResponse> CommitBatch(CommitBatchRequest request, ServerCallContext context)
    {
        RequireBatchSize(request.Items.Count);
        var caller = Caller(context);
        var results = await Task.WhenAll(request.Items.Select(async item =>
        {
            try
            {
                return new CommitItemResult { Response = await CommitOneAsync(caller, item, context.CancellationToken).ConfigureAwait(false) };
            }
            catch (ReliableMessageException ex)
            {
                return new CommitItemResult { Error = ItemError(ex) };
            }
        })).ConfigureAwait(false);
        return new CommitBatchResponse { Results = { results } };
    }

    /// <summary>Rollback.</summary>
    public override async Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context)
    {
        await access.EnsureCanUseMessageAsync(Caller(context), request.MessageId, context.CancellationToken).ConfigureAwait(false);
        return new RollbackResponse { Status = (await engine.RollbackAsync(request.MessageId, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto() };
    }

    /// <summary>Ack.</summary>
    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        access.EnsureCanActAsConsumerGroup(Caller(context), request.ConsumerGroup);
        return new AckResponse { Acknowledged = await engine.AckAsync(request.ConsumerGroup, request.MessageIds, context.CancellationToken).ConfigureAwait(false) };
    }

    /// <summary>Subscribe.</summary>
    public override async Task<SubscribeResponse> Subscribe(SubscribeRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        access.EnsureCanSubscribe(caller, request.ConsumerGroup, request.Topics);
        access.EnsureEndpointAllowed(caller, "push_endpoint", request.PushEndpoint);
        var retry = await engine.SubscribeAsync(request.ConsumerGroup, request.Topics, request.PushEndpoint, context.CancellationToken).ConfigureAwait(false);
        return new SubscribeResponse { RetryTopic = retry ?? string.Empty };
    }

    private static void RequireBatchSize(int count)
    {
        if (count is < 1 or > RequestLimits.SendBatch)
        {
            throw new InvalidMessageRequestException("items", $"has {count} items; 1 to {RequestLimits.SendBatch} per call are allowed.");
        }
    }

    private static ItemError ItemError(ReliableMessageException exception)
    {
        var status = ReliableMessageExceptionInterceptor.ToRpcException(exception).Status;
        return new ItemError { Code = (int)status.StatusCode, Message = status.Detail };
    }

    private async Task<PrepareResponse> PrepareOneAsync(MessageApplication? caller, PrepareRequest request, CancellationToken cancellationToken)
    {
        access.EnsureCanPrepare(caller, request.ProducerGroup, request.Topic);
        access.EnsureEndpointAllowed(caller, "check_endpoint", request.CheckEndpoint);
        var result = await engine.PrepareAsync(
            new PrepareCommand(request.Topic, request.Key, request.Payload.Memory, request.ProducerGroup, request.ProducerKey, request.CheckEndpoint),
            cancellationToken).ConfigureAwait(false);
        return new PrepareResponse { MessageId = result.Message.MessageId, Status = result.Message.Status.ToProto(), Existing = result.Existing };
    }

    private async Task<CommitResponse> CommitOneAsync(MessageApplication? caller, CommitRequest request, CancellationToken cancellationToken)
    {
        await access.EnsureCanUseMessageAsync(caller, request.MessageId, cancellationToken).ConfigureAwait(false);
        return new() { Status = (await engine.CommitAsync(request.MessageId, cancellationToken).ConfigureAwait(false)).ToProto() };
    }

    /// <summary>The application whose key the call presented (null without a key, when allowed).</summary>
    private MessageApplication? Caller(ServerCallContext context) =>
        access.Authenticate(context.RequestHeaders.GetValue(MessageApiSecurityOptions.KeyHeader));

    /// <summary>GetMessage.</summary>
    public override async Task<GetMessageResponse> GetMessage(GetMessageRequest request, ServerCallContext context)
    {
        await access.EnsureCanUseMessageAsync(Caller(context), request.MessageId, context.CancellationToken).ConfigureAwait(false);
        return (await engine.GetAsync(request.MessageId, context.CancellationToken).ConfigureAwait(false)).ToProto();
    }
}
