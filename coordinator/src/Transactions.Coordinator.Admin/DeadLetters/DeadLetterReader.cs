using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Coordinator.Admin.DeadLetters;

/// <summary>Reads the reliable-message service's dead letters for the console, answering clearly when it cannot.</summary>
public sealed partial class DeadLetterReader(HttpClient http, IOptions<ReliableMessageLinkOptions> options, ILogger<DeadLetterReader> logger)
{
    /// <summary>The dead letters as the reliable-message service lists them, or a problem saying why not.</summary>
    public async Task<IResult> ListAsync(string? consumerGroup, CancellationToken cancellationToken)
    {
        var link = options.Value;
        if (link.BaseUrl is null)
        {
            return Results.Problem(
                detail: "The reliable-message service is not configured (Admin:ReliableMessage:BaseUrl).", statusCode: StatusCodes.Status404NotFound);
        }

        var query = string.IsNullOrEmpty(consumerGroup) ? string.Empty : "?consumerGroup=" + Uri.EscapeDataString(consumerGroup);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link.BaseUrl, "/api/v1/admin/dead-letters" + query));
        if (!string.IsNullOrEmpty(link.ApiKey))
        {
            request.Headers.Add("X-Api-Key", link.ApiKey);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(link.Timeout);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(logger, link.BaseUrl, (int)response.StatusCode);
                return Results.Problem(
                    detail: response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                        ? "The reliable-message service refused the configured key (Admin:ReliableMessage:ApiKey)."
                        : $"The reliable-message service answered {(int)response.StatusCode}.",
                    statusCode: StatusCodes.Status502BadGateway);
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            return Results.Json(body);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, link.BaseUrl, ex.Message);
            return Results.Problem(detail: $"The reliable-message service at {link.BaseUrl} is unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "Dead letters: {BaseUrl} answered {StatusCode}")]
    private static partial void LogFailed(ILogger logger, Uri baseUrl, int statusCode);

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "Dead letters: {BaseUrl} is unreachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, Uri baseUrl, string error);
}
