using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Webhooks;

namespace Transactions.Scheduling.Alerts;

/// <summary>
/// One attempt to POST an alert to a webhook (a Hangfire job). The body is signed at each attempt
/// (<see cref="WebhookSignature"/>: timestamp and HMAC-SHA256 headers). A 2xx answer delivers it; anything else, a
/// timeout or a connection error schedules the next attempt after the next of <c>Jobs:Alerts:RetryDelays</c> (a
/// delayed Hangfire job), and after the last the alert is given up with an error in the log. It runs on a Hangfire
/// worker, never on the engine's path: a webhook that fails or hangs delays nothing but its own alerts.
/// </summary>
internal sealed partial class AlertDelivery(
    IHttpClientFactory clients,
    IBackgroundJobClient jobs,
    IOptionsMonitor<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertDelivery> logger)
{
    /// <summary>Sends the alert (called by Hangfire).</summary>
    /// <param name="webhookName">The webhook's name in the options.</param>
    /// <param name="alertId">The alert's id, for logs.</param>
    /// <param name="body">The exact JSON body.</param>
    /// <param name="attempt">This attempt's number, from 1.</param>
    /// <param name="cancellationToken">Hangfire's shutdown token.</param>
    /// <returns>When the attempt is over.</returns>
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(string webhookName, string alertId, string body, int attempt, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var webhook = settings.Webhooks.FirstOrDefault(w => string.Equals(w.Name, webhookName, StringComparison.Ordinal));
        if (webhook?.Url is null)
        {
            LogWebhookGone(logger, alertId, webhookName);
            return;
        }

        var failure = await PostAsync(webhook, body, settings.Timeout, cancellationToken).ConfigureAwait(false);
        if (failure is null)
        {
            LogDelivered(logger, alertId, webhookName, attempt);
            return;
        }

        var schedule = settings.RetrySchedule;
        if (attempt > schedule.Count)
        {
            LogGaveUp(logger, alertId, webhookName, attempt, failure);
            return;
        }

        var delay = schedule[attempt - 1];
        jobs.Schedule<AlertDelivery>(d => d.SendAsync(webhookName, alertId, body, attempt + 1, CancellationToken.None), delay);
        LogRetrying(logger, alertId, webhookName, attempt, failure, delay);
    }

    /// <summary>POSTs the signed body; answers null when delivered, otherwise why not.</summary>
    private async Task<string?> PostAsync(AlertWebhookOptions webhook, string body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, bytes));
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(AlertDefaults.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Alert {AlertId} delivered to webhook {Webhook} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string alertId, string webhook, int attempt);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Alert {AlertId} not delivered to webhook {Webhook} (attempt {Attempt}: {Failure}); next attempt in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string alertId, string webhook, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Alert {AlertId} given up for webhook {Webhook} after {Attempt} attempts; last: {Failure}")]
    private static partial void LogGaveUp(ILogger logger, string alertId, string webhook, int attempt, string failure);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Alert {AlertId} dropped: webhook {Webhook} is no longer configured")]
    private static partial void LogWebhookGone(ILogger logger, string alertId, string webhook);
}
