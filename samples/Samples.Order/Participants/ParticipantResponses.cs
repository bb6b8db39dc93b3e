using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Samples.Order.Participants;

/// <summary>Turns a participant's refusal (any non-2xx answer) into a <see cref="ParticipantRefusedException"/>.</summary>
internal static class ParticipantResponses
{
    public static async Task EnsureAcceptedAsync(HttpResponseMessage response, string service, CancellationToken cancellationToken)
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
