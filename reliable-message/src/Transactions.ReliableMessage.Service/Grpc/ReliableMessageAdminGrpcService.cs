using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.ReliableMessage.Service.Admin;
using Transactions.ReliableMessage.Service.Notifications;

namespace Transactions.ReliableMessage.Service.Grpc;

/// <summary>
/// <c>reliablemessage.v1.ReliableMessageAdmin</c> over the engine. Every method needs an admin key in the
/// <c>x-api-key</c> metadata; actions need the operator role (the endpoints' authorization answers
/// Unauthenticated / PermissionDenied). Engine errors become statuses in <see cref="ReliableMessageExceptionInterceptor"/>.
/// </summary>
public sealed class ReliableMessageAdminGrpcService(ReliableMessageEngine engine, AuditedAdminActions actions, Notifier notifier) : ReliableMessageAdmin.ReliableMessageAdminBase
{
    /// <summary>ListNotifications.</summary>
    [Authorize(Policy = AdminAuthentication.ReadPolicy)]
    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var limit = request.Limit is > 0 and <= RequestLimits.List ? request.Limit : request.Limit == 0 ? 100
            : throw new InvalidMessageRequestException("limit", $"must be between 1 and {RequestLimits.List}.");
        var query = new NotificationQuery(
            request.Status == Protocol.V1.NotificationStatus.Unspecified ? null : request.Status.ToDomain(),
            string.IsNullOrEmpty(request.ApplicationId) ? null : request.ApplicationId,
            request.Before > 0 ? request.Before : null,
            limit);
        var response = new ListNotificationsResponse();
        foreach (var n in await notifier.ListAsync(query, context.CancellationToken).ConfigureAwait(false))
        {
            response.Notifications.Add(n.ToProto(withBody: false));
        }

        return response;
    }

    /// <summary>RetryNotification.</summary>
    [Authorize(Policy = AdminAuthentication.OperatePolicy)]
    public override async Task<NotificationInfo> RetryNotification(RetryNotificationRequest request, ServerCallContext context) =>
        (await actions.RetryNotificationAsync(Actor(context), request.NotificationId, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto(withBody: false);

    /// <summary>ListDeadLetters.</summary>
    [Authorize(Policy = AdminAuthentication.ReadPolicy)]
    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var response = new ListDeadLettersResponse();
        foreach (var d in await engine.ListDeadLettersAsync(request.ConsumerGroup, topic: null, minAge: null, beforeMessageId: null, request.Limit, context.CancellationToken).ConfigureAwait(false))
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
    }

    /// <summary>Requeue.</summary>
    [Authorize(Policy = AdminAuthentication.OperatePolicy)]
    public override async Task<DeliveryActionResponse> Requeue(DeliveryActionRequest request, ServerCallContext context) =>
        new DeliveryActionResponse
        {
            Status = (await actions.RequeueAsync(Actor(context), request.MessageId, request.ConsumerGroup, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        };

    /// <summary>Discard.</summary>
    [Authorize(Policy = AdminAuthentication.OperatePolicy)]
    public override async Task<DeliveryActionResponse> Discard(DeliveryActionRequest request, ServerCallContext context) =>
        new DeliveryActionResponse
        {
            Status = (await actions.DiscardAsync(Actor(context), request.MessageId, request.ConsumerGroup, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        };

    /// <summary>ListParked.</summary>
    [Authorize(Policy = AdminAuthentication.ReadPolicy)]
    public override async Task<ListParkedResponse> ListParked(ListParkedRequest request, ServerCallContext context)
    {
        var response = new ListParkedResponse();
        foreach (var m in await engine.ListParkedAsync(producerGroup: null, beforeMessageId: null, request.Limit, context.CancellationToken).ConfigureAwait(false))
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
    }

    /// <summary>ResolveParked.</summary>
    [Authorize(Policy = AdminAuthentication.OperatePolicy)]
    public override async Task<ResolveParkedResponse> ResolveParked(ResolveParkedRequest request, ServerCallContext context) =>
        new ResolveParkedResponse
        {
            Status = (await actions.ResolveParkedAsync(Actor(context), request.MessageId, request.Commit, request.Reason, context.CancellationToken).ConfigureAwait(false)).ToProto(),
        };

    /// <summary>The admin key's name (the endpoint requires one); the request's own actor field is not trusted.</summary>
    private static string Actor(ServerCallContext context) => context.GetHttpContext().User.Identity?.Name ?? "unknown";
}
