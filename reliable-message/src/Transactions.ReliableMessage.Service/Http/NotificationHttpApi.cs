using System.Security.Claims;
using System.Text;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Service.Admin;
using Transactions.ReliableMessage.Service.Notifications;
using Transactions.ReliableMessage.Service.Security;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>
/// Best-effort notifications over HTTP/JSON: <c>POST /api/v1/notifications</c> (application key in <c>x-rm-app-key</c>),
/// <c>GET /api/v1/notifications/{id}</c> (the receiver's query token in <c>X-Transactions-Notification-Token</c>, or the
/// notifying application's key), and for operators <c>GET /api/v1/admin/notifications</c> and
/// <c>POST /api/v1/admin/notifications/{id}/retry</c>.
/// </summary>
public static class NotificationHttpApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationHttpApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1/notifications");
        api.MapPost(string.Empty, (NotifyRequest body, HttpRequest request, MessageApiAccess access, Notifier notifier, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            var caller = access.Authenticate(request.Headers[MessageApiSecurityOptions.KeyHeader].FirstOrDefault());
            var (notification, created) = await notifier.NotifyAsync(
                caller, new NotifyCommand(body.Url, Encoding.UTF8.GetBytes(body.Body ?? string.Empty), body.Key, body.ContentType), ct).ConfigureAwait(false);
            return Results.Ok(new NotifyResponse(notification.NotificationId, notification.QueryToken, notification.Status.ToString(), !created));
        }));
        api.MapGet("/{id:long}", (long id, HttpRequest request, Notifier notifier, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(ToView(await notifier.GetAsync(
                id,
                request.Headers[NotificationHeaders.QueryToken].FirstOrDefault(),
                request.Headers[MessageApiSecurityOptions.KeyHeader].FirstOrDefault(),
                ct).ConfigureAwait(false)))));

        var admin = endpoints.MapGroup("/api/v1/admin/notifications").RequireAuthorization(AdminAuthentication.ReadPolicy);
        // Newest first; the next page is ?before=<the last notificationId>.
        admin.MapGet(string.Empty, (string? status, string? applicationId, string? before, string? limit, Notifier notifier, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok((await notifier.ListAsync(
                    new NotificationQuery(Status(status), applicationId, AdminQueryString.PositiveId(before, "before"), AdminQueryString.Limit(limit)), ct).ConfigureAwait(false))
                .Select(ToView).ToList())));
        admin.MapPost("/{id:long}/retry", (long id, AdminActionRequest? body, ClaimsPrincipal user, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(ToView(await actions.RetryNotificationAsync(ReliableMessageHttpApi.Actor(user), id, body?.Reason, ct).ConfigureAwait(false)))))
            .RequireAuthorization(AdminAuthentication.OperatePolicy);
        return endpoints;
    }

    /// <summary>The view of <paramref name="n"/>; the body decoded as UTF-8 when it was loaded.</summary>
    internal static NotificationView ToView(Notification n) => new(
        n.NotificationId,
        n.ApplicationId,
        n.IdempotencyKey,
        n.Url,
        n.Status.ToString(),
        n.Attempts,
        n.NextAttemptUnixMs,
        n.LastStatusCode,
        n.LastError,
        n.CreatedUnixMs,
        n.CompletedUnixMs,
        n.ContentType,
        n.Body.Length == 0 && n.QueryToken.Length == 0 ? null : Encoding.UTF8.GetString(n.Body));

    private static NotificationStatus? Status(string? value) =>
        value is null ? null
        : Enum.TryParse<NotificationStatus>(value, ignoreCase: true, out var status) && status != NotificationStatus.Unspecified && Enum.IsDefined(status) ? status
        : throw new InvalidMessageRequestException("status", "must be Pending, Acknowledged or Failed.");
}
