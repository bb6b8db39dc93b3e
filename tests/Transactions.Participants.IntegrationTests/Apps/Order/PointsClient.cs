using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>
/// The order service's view of the points API: the generated gRPC client, registered with
/// <c>services.AddGrpcClient&lt;PointsApi.PointsApiClient&gt;(...).AddTransactionPropagation()</c>, so every call made
/// inside a global transaction carries the tx-xid metadata.
/// </summary>
public sealed class PointsClient(PointsApi.PointsApiClient client)
{
    public async Task GrantAsync(string userId, int points, CancellationToken cancellationToken) =>
        await client.AddPointsAsync(new AddPointsRequest { UserId = userId, Points = points }, cancellationToken: cancellationToken);
}
