using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Samples.Order.Participants;

/// <summary>Turns a participant's refusal (any non-2xx answer) into a <see cref="ParticipantRefusedException"/>.</summary>
internal static class ParticipantResponses
{
    /// <summary>
    /// Sends a participant's Try; a connection failure or a timeout (not the caller's cancellation) becomes a
    /// <see cref="ParticipantUnavailableException"/>, any answer other than 2xx a <see cref="ParticipantRefusedException"/>.
    /// </summary>
    public static async Task SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, string service, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException { StatusCode: null } || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ParticipantUnavailableException(service, ex);
        }

        using (response)
        {
            await EnsureAcceptedAsync(response, service, cancellationToken);
        }
    }

    private static async Task EnsureAcceptedAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string detail;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
            detail = problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "no reason given";
        }
        catch (System.Text.Json.JsonException)
        {
            detail = response.ReasonPhrase ?? "no reason given";
        }

        throw new ParticipantRefusedException(service, response.StatusCode, $"{(int)response.StatusCode} {detail}");
    }
}
