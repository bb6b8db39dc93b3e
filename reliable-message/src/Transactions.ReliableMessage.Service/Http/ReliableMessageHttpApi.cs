using System.Security.Claims;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Diagnostics;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Service.Admin;
using Transactions.ReliableMessage.Service.Security;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Service.Http;

/// <summary>
/// The HTTP/JSON API (for producers and consumers that do not speak gRPC, and for operators): the same operations
/// as <c>reliablemessage.v1</c> under <c>/api/v1</c>, admin actions under <c>/api/v1/admin</c>.
/// </summary>
public static class ReliableMessageHttpApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapReliableMessageHttpApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");
        // Producer/consumer calls: checked against the application keys (x-rm-app-key header) before the engine.
        api.MapPost("/messages", (PrepareMessageRequest body, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            var caller = Caller(access, request);
            access.EnsureCanPrepare(caller, body.ProducerGroup, body.Topic);
            access.EnsureEndpointAllowed(caller, "check_endpoint", body.CheckEndpoint);
            var result = await engine.PrepareAsync(
                new PrepareCommand(body.Topic, body.Key, body.Payload ?? [], body.ProducerGroup, body.ProducerKey, body.CheckEndpoint), ct).ConfigureAwait(false);
            return Results.Ok(new PrepareMessageResponse(result.Message.MessageId, result.Message.Status.ToString(), result.Existing));
        }));
        api.MapPost("/messages/{id:long}/commit", (long id, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            await access.EnsureCanUseMessageAsync(Caller(access, request), id, ct).ConfigureAwait(false);
            return Results.Ok(new MessageStatusResponse(id, (await engine.CommitAsync(id, ct).ConfigureAwait(false)).ToString()));
        }));
        api.MapPost("/messages/{id:long}/rollback", (long id, RollbackMessageRequest? body, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            await access.EnsureCanUseMessageAsync(Caller(access, request), id, ct).ConfigureAwait(false);
            return Results.Ok(new MessageStatusResponse(id, (await engine.RollbackAsync(id, body?.Reason, ct).ConfigureAwait(false)).ToString()));
        }));
        api.MapGet("/messages/{id:long}", (long id, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            await access.EnsureCanUseMessageAsync(Caller(access, request), id, ct).ConfigureAwait(false);
            return Results.Ok(ToView(await engine.GetAsync(id, ct).ConfigureAwait(false)));
        }));
        api.MapGet("/messages/{id:long}/events", (long id, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            await access.EnsureCanUseMessageAsync(Caller(access, request), id, ct).ConfigureAwait(false);
            return Results.Ok((await engine.GetEventsAsync(id, ct).ConfigureAwait(false))
                .Select(e => new MessageEventView(e.AtUnixMs, e.Kind, e.Actor, e.ConsumerGroup, e.Detail)).ToList());
        }));
        api.MapPost("/acks", (AckMessagesRequest body, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            access.EnsureCanActAsConsumerGroup(Caller(access, request), body.ConsumerGroup);
            return Results.Ok(new AckMessagesResponse(await engine.AckAsync(body.ConsumerGroup, body.MessageIds ?? [], ct).ConfigureAwait(false)));
        }));
        api.MapPost("/subscriptions", (SubscribeGroupRequest body, HttpRequest request, MessageApiAccess access, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            var caller = Caller(access, request);
            access.EnsureCanSubscribe(caller, body.ConsumerGroup, body.Topics ?? []);
            access.EnsureEndpointAllowed(caller, "push_endpoint", body.PushEndpoint);
            return Results.Ok(new SubscribeGroupResponse(await engine.SubscribeAsync(body.ConsumerGroup, body.Topics ?? [], body.PushEndpoint, ct).ConfigureAwait(false)));
        }));

        // Admin: any admin key may read; actions need an operator key, a reason, and are audited (AuditedAdminActions).
        var admin = api.MapGroup("/admin").RequireAuthorization(AdminAuthentication.ReadPolicy);
        // Listings are newest first; the next page is ?before=<the last messageId>.
        admin.MapGet("/dead-letters", (string? consumerGroup, string? topic, string? minAgeSeconds, string? before, string? limit, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok((await engine.ListDeadLettersAsync(
                    consumerGroup, topic, AdminQueryString.Seconds(minAgeSeconds, "minAgeSeconds"), AdminQueryString.PositiveId(before, "before"), AdminQueryString.Limit(limit), ct).ConfigureAwait(false))
                .Select(d => new DeadLetterView(d.MessageId, d.Topic, d.Key, d.ConsumerGroup, d.Attempts, d.DeadSinceUnixMs, d.LastError)).ToList())));
        admin.MapGet("/parked", (string? producerGroup, string? before, string? limit, ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok((await engine.ListParkedAsync(producerGroup, AdminQueryString.PositiveId(before, "before"), AdminQueryString.Limit(limit), ct).ConfigureAwait(false))
                .Select(m => new ParkedMessageView(m.MessageId, m.Topic, m.ProducerGroup, m.CheckAttempts, m.LastError, m.CreatedUnixMs)).ToList())));
        admin.MapGet("/counts", (ReliableMessageEngine engine, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            var counts = await engine.CountAsync(ct).ConfigureAwait(false);
            return Results.Ok(new CountsResponse(counts.Messages, counts.Deliveries, counts.DeadLetters));
        }));
        admin.MapGet("/metrics", (ReliableMessageMetricsRefresher refresher, ReliableMessageMetrics metrics, CancellationToken ct) => HttpErrors.RunAsync(async () =>
        {
            await refresher.RefreshAsync(ct).ConfigureAwait(false);
            return Results.Ok(metrics.View());
        }));
        admin.MapGet("/audit", (string? target, string? actor, long? before, int? limit, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(await actions.ListAuditAsync(AuditQueries.Create(target, actor, before, limit), ct).ConfigureAwait(false))));

        var operate = admin.MapGroup(string.Empty).RequireAuthorization(AdminAuthentication.OperatePolicy);
        operate.MapPost("/messages/{id:long}/deliveries/{group}/requeue", (long id, string group, AdminActionRequest? body, ClaimsPrincipal user, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(new DeliveryActionResponse((await actions.RequeueAsync(Actor(user), id, group, body?.Reason, ct).ConfigureAwait(false)).ToString()))));
        operate.MapPost("/messages/{id:long}/deliveries/{group}/discard", (long id, string group, AdminActionRequest? body, ClaimsPrincipal user, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(new DeliveryActionResponse((await actions.DiscardAsync(Actor(user), id, group, body?.Reason, ct).ConfigureAwait(false)).ToString()))));
        operate.MapPost("/messages/{id:long}/resolve", (long id, ResolveParkedRequest body, ClaimsPrincipal user, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(new MessageStatusResponse(id, (await actions.ResolveParkedAsync(Actor(user), id, body.Commit, body.Reason, ct).ConfigureAwait(false)).ToString()))));
        operate.MapPost("/messages/{id:long}/recheck", (long id, AdminActionRequest? body, ClaimsPrincipal user, AuditedAdminActions actions, CancellationToken ct) => HttpErrors.RunAsync(async () =>
            Results.Ok(new MessageStatusResponse(id, (await actions.RecheckAsync(Actor(user), id, body?.Reason, ct).ConfigureAwait(false)).ToString()))));
        return endpoints;
    }

    /// <summary>The name of the admin key that authenticated the call (the audit log's actor).</summary>
    internal static string Actor(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    /// <summary>The application whose key the request presented (null without a key, when allowed).</summary>
    private static MessageApplication? Caller(MessageApiAccess access, HttpRequest request) =>
        access.Authenticate(request.Headers[MessageApiSecurityOptions.KeyHeader].FirstOrDefault());

    private static MessageView ToView(MessageSnapshot snapshot)
    {
        var m = snapshot.Message;
        return new MessageView(
            m.MessageId,
            m.Topic,
            m.Key,
            m.ProducerGroup,
            m.Status.ToString(),
            m.CreatedUnixMs,
            m.CommittedUnixMs,
            m.CheckAttempts,
            m.LastError,
            snapshot.Deliveries.Select(ToView).ToList());
    }

    private static DeliveryView ToView(MessageDelivery d) =>
        new(d.ConsumerGroup, d.Status.ToString(), d.Attempts, d.NextAttemptUnixMs, d.DeliveredUnixMs, d.AckedUnixMs, d.LastError);
}
