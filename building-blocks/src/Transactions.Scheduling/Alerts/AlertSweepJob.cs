using System.Globalization;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Scheduling.Jobs;

namespace Transactions.Scheduling.Alerts;

/// <summary>
/// Recurring job <c>{service}.alerts</c>: reads what was flagged since the last sweep (<see cref="IAttentionFeed"/>)
/// and queues one Hangfire job per alert and webhook (<see cref="AlertDelivery"/>), then moves its cursor, kept in
/// Hangfire's storage (hash <c>transactions:alerts:{service}</c>). Runs alone across instances (the recurring job
/// runner holds Hangfire's distributed lock). A sweep cut off between queueing and moving the cursor queues those
/// alerts again next time: delivery is at least once, and the alert id lets a receiver de-duplicate.
/// </summary>
internal sealed partial class AlertSweepJob(
    IAttentionFeed feed,
    JobStorage storage,
    IBackgroundJobClient jobs,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertSweepJob> logger) : IRecurringJob
{
    private const string CursorField = "cursor";

    /// <summary>The recurring job id of <paramref name="service"/>'s sweep.</summary>
    /// <param name="service">The service, e.g. <c>coordinator</c>.</param>
    /// <returns><c>{service}.alerts</c>.</returns>
    public static string IdFor(string service) => $"{service}.alerts";

    /// <inheritdoc />
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var key = $"transactions:alerts:{feed.Service}";
        var now = time.GetUtcNow();
        var cursor = ReadCursor(key);
        var notBefore = cursor is null ? (now - settings.InitialLookback).ToUnixTimeMilliseconds() : 0;
        var page = await feed.ReadAsync(cursor ?? 0, notBefore, (now - settings.SettleTime).ToUnixTimeMilliseconds(), settings.MaxEventsPerSweep, cancellationToken)
            .ConfigureAwait(false);
        foreach (var attention in page.Events)
        {
            var alert = OperatorAlert.From(feed.Service, attention, settings.ConsoleBaseUrl);
            var body = JsonSerializer.Serialize(alert, AlertJsonContext.Default.OperatorAlert);
            foreach (var webhook in settings.Webhooks.Where(w => w.Events.Count == 0 || w.Events.Contains(attention.Event, StringComparer.Ordinal)))
            {
                var name = webhook.Name;
                var jobId = jobs.Enqueue<AlertDelivery>(d => d.SendAsync(name, alert.AlertId, body, 1, CancellationToken.None));
                LogQueued(logger, alert.Event, alert.Subject, alert.Id, alert.AlertId, name, jobId);
            }
        }

        if (cursor is null || page.Cursor > cursor)
        {
            WriteCursor(key, page.Cursor);
        }

        return page.Events.Count;
    }

    private long? ReadCursor(string key)
    {
        using var connection = storage.GetConnection();
        var entries = connection.GetAllEntriesFromHash(key);
        return entries is not null && entries.TryGetValue(CursorField, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
            ? cursor
            : null;
    }

    private void WriteCursor(string key, long cursor)
    {
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(key, [new KeyValuePair<string, string>(CursorField, cursor.ToString(CultureInfo.InvariantCulture))]);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Alert {AlertEvent} for {Subject} {Id} ({AlertId}) queued for webhook {Webhook} (Hangfire job {JobId})")]
    private static partial void LogQueued(ILogger logger, string alertEvent, string subject, string id, string alertId, string webhook, string jobId);
}
