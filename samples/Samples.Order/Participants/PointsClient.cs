using System.Net.Http.Json;
using Samples.Contracts.Points;

namespace Samples.Order.Participants;

/// <summary>The points service's Try (the HttpClient carries the <c>tx-xid</c> header).</summary>
public sealed class PointsClient(HttpClient http)
{
    /// <summary>Adds <paramref name="points"/> pending points to <paramref name="userId"/> in the ambient global transaction.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="points">Points.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="ParticipantRefusedException">Unknown account, failure switch, ...</exception>
    public async Task AddPendingAsync(string userId, int points, CancellationToken cancellationToken)
    {
        await ParticipantResponses.SendAsync(ct => http.PostAsJsonAsync("/api/points/pending", new AddPointsRequest(userId, points), ct), "points", cancellationToken);
    }
}
