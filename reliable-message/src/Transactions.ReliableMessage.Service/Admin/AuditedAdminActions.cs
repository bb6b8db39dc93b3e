using System.Text.Json;
using Microsoft.Extensions.Logging;
using Transactions.Common.Audit;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Errors;
using Transactions.ReliableMessage.Notifications;
using Transactions.ReliableMessage.Service.Notifications;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Service.Admin;

/// <summary>
/// The administrator actions of the service (requeue, discard, resolve or re-check a parked message, retry a failed notification), each written to the audit
/// log with who, what, when, why and the target's state before and after, including the attempts that were refused.
/// Used by both the HTTP admin API and the gRPC admin service, so both audit the same way.
/// </summary>
public sealed partial class AuditedAdminActions(
    ReliableMessageEngine engine, Notifier notifier, INotificationStore notifications, IAuditLog audit, TimeProvider timeProvider, ILogger<AuditedAdminActions> logger)
{
    /// <summary>Requeues a dead (or discarded) delivery. Safe to repeat.</summary>
    public Task<DeliveryStatus> RequeueAsync(string actor, long messageId, string consumerGroup, string? reason, CancellationToken cancellationToken) =>
        RunAsync(
            actor,
            "requeue",
            DeliveryTarget(messageId, consumerGroup),
            reason,
            ct => DeliveryStateAsync(messageId, consumerGroup, ct),
            ct => engine.RequeueAsync(messageId, consumerGroup, reason, actor, ct),
            cancellationToken);

    /// <summary>Discards a dead delivery. Safe to repeat.</summary>
    public Task<DeliveryStatus> DiscardAsync(string actor, long messageId, string consumerGroup, string? reason, CancellationToken cancellationToken) =>
        RunAsync(
            actor,
            "discard",
            DeliveryTarget(messageId, consumerGroup),
            reason,
            ct => DeliveryStateAsync(messageId, consumerGroup, ct),
            ct => engine.DiscardAsync(messageId, consumerGroup, reason, actor, ct),
            cancellationToken);

    /// <summary>Commits or rolls back a parked message. Safe to repeat.</summary>
    public Task<MessageStatus> ResolveParkedAsync(string actor, long messageId, bool commit, string? reason, CancellationToken cancellationToken) =>
        RunAsync(
            actor,
            commit ? "resolve-commit" : "resolve-rollback",
            $"message/{messageId}",
            reason,
            ct => MessageStateAsync(messageId, ct),
            ct => engine.ResolveParkedAsync(messageId, commit, reason, actor, ct),
            cancellationToken);

    /// <summary>Makes the back-check of a prepared or parked message due now. Safe to repeat; refused for finished messages.</summary>
    public Task<MessageStatus> RecheckAsync(string actor, long messageId, string? reason, CancellationToken cancellationToken) =>
        RunAsync(
            actor,
            "recheck",
            $"message/{messageId}",
            reason,
            ct => MessageStateAsync(messageId, ct),
            ct => engine.RecheckAsync(messageId, reason, actor, ct),
            cancellationToken);

    /// <summary>Sends a failed notification again (Pending, due now, a fresh retry schedule). Safe to repeat; refused for acknowledged ones.</summary>
    public Task<Notification> RetryNotificationAsync(string actor, long notificationId, string? reason, CancellationToken cancellationToken) =>
        RunAsync(
            actor,
            "retry-notification",
            $"notification/{notificationId}",
            reason,
            ct => NotificationStateAsync(notificationId, ct),
            ct => notifier.RetryAsync(notificationId, ct),
            cancellationToken);

    /// <summary>The audit log, newest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> ListAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        audit.ListAsync(query, cancellationToken);

    private static string DeliveryTarget(long messageId, string consumerGroup) => $"message/{messageId}/delivery/{consumerGroup}";

    private async Task<T> RunAsync<T>(
        string actor,
        string action,
        string target,
        string? reason,
        Func<CancellationToken, Task<string?>> state,
        Func<CancellationToken, Task<T>> act,
        CancellationToken cancellationToken)
    {
        // Malformed requests are answered before anything is read or written: they are not actions.
        var why = string.IsNullOrWhiteSpace(reason)
            ? throw new InvalidMessageRequestException("reason", "is required for administrator actions.")
            : reason.Length > RequestLimits.Reason
                ? throw new InvalidMessageRequestException("reason", $"must have at most {RequestLimits.Reason} characters.")
                : reason.Trim();

        var before = await state(cancellationToken).ConfigureAwait(false);
        string outcome;
        try
        {
            var result = await act(cancellationToken).ConfigureAwait(false);
            outcome = "done";
            await AppendAsync(actor, action, target, why, before, await state(cancellationToken).ConfigureAwait(false), outcome).ConfigureAwait(false);
            return result;
        }
        catch (ReliableMessageException ex) when (ex is MessageNotFoundException or NotificationNotFoundException or MessageStateException)
        {
            outcome = ex is MessageStateException ? "refused: " + ex.Message : "not-found";
            await AppendAsync(actor, action, target, why, before, before, outcome).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AppendAsync(string actor, string action, string target, string reason, string? before, string? after, string outcome)
    {
        // The action has happened (or was refused): the record is written even if the caller has gone away.
        await audit.AppendAsync(
            new AuditRecord
            {
                AtUnixMs = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
                Actor = actor,
                Action = action,
                Target = target,
                Reason = reason,
                Before = before,
                After = after,
                Outcome = outcome,
            },
            CancellationToken.None).ConfigureAwait(false);
        LogAction(logger, actor, action, target, outcome, reason);
    }

    private async Task<string?> DeliveryStateAsync(long messageId, string consumerGroup, CancellationToken cancellationToken)
    {
        var snapshot = await TryLoadAsync(messageId, cancellationToken).ConfigureAwait(false);
        var delivery = snapshot?.Deliveries.FirstOrDefault(d => d.ConsumerGroup == consumerGroup);
        return delivery is null
            ? null
            : JsonSerializer.Serialize(new DeliveryState(delivery.Status.ToString(), delivery.Attempts, delivery.LastError), AdminJsonContext.Default.DeliveryState);
    }

    private async Task<string?> MessageStateAsync(long messageId, CancellationToken cancellationToken)
    {
        var snapshot = await TryLoadAsync(messageId, cancellationToken).ConfigureAwait(false);
        return snapshot is null
            ? null
            : JsonSerializer.Serialize(new MessageState(snapshot.Message.Status.ToString(), snapshot.Message.CheckAttempts), AdminJsonContext.Default.MessageState);
    }

    private async Task<string?> NotificationStateAsync(long notificationId, CancellationToken cancellationToken)
    {
        var n = notificationId > 0 ? await notifications.FindAsync(notificationId, cancellationToken).ConfigureAwait(false) : null;
        return n is null
            ? null
            : JsonSerializer.Serialize(new NotificationState(n.Status.ToString(), n.Attempts, n.LastError), AdminJsonContext.Default.NotificationState);
    }

    private async Task<MessageSnapshot?> TryLoadAsync(long messageId, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.GetAsync(messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (ReliableMessageException ex) when (ex is MessageNotFoundException or InvalidMessageRequestException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 950, Level = LogLevel.Information, Message = "Admin {Actor}: {Action} {Target} -> {Outcome} (reason: {Reason})")]
    private static partial void LogAction(ILogger logger, string actor, string action, string target, string outcome, string reason);
}
