using System.Globalization;
using Microsoft.Extensions.Options;
using Transactions.Common.Webhooks;
using Transactions.ReliableMessage.Notifications;

namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>
/// One signed POST of a notification: the stored body bytes as they are, <see cref="WebhookSignature"/> headers
/// (timestamp and <c>sha256=</c> HMAC over "timestamp.body"), the id and attempt headers. 2xx is an acknowledgement;
/// any other status, a timeout (<see cref="NotificationOptions.Timeout"/>) or a connection error is a failure. Redirects
/// are not followed (a redirect could lead outside the endpoint lists) and count as failures. The response body is
/// never read.
/// </summary>
public sealed class NotificationSender(IHttpClientFactory httpClients, IOptions<NotificationOptions> options, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="HttpClient"/> the POSTs use.</summary>
    public const string HttpClientName = "rm-notifications";

    /// <summary>POSTs <paramref name="notification"/> as attempt <paramref name="attempt"/>, signed with <paramref name="secret"/>.</summary>
    public async Task<NotificationSendResult> SendAsync(Notification notification, string secret, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, notification.Url) { Content = new ByteArrayContent(notification.Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", notification.ContentType);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, notification.Body));
        request.Headers.Add(NotificationHeaders.NotificationId, notification.NotificationId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(NotificationHeaders.Attempt, attempt.ToString(CultureInfo.InvariantCulture));

        var timeout = options.Value.Timeout;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, budget.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new NotificationSendResult(true, code, null)
                : new NotificationSendResult(false, code, $"HTTP {code} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new NotificationSendResult(false, null, $"No answer within {timeout.TotalSeconds:0.###} s (Notifications:Timeout).");
        }
        catch (HttpRequestException ex)
        {
            return new NotificationSendResult(false, null, ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message);
        }
    }
}
