using Transactions.Grpc;
using Transactions.Participants.IntegrationTests.Points;
using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Order;

/// <summary>gRPC client of the points service; <c>WithTransaction()</c> adds the tx-xid metadata.</summary>
public sealed class PointsClient(GrpcChannel channel) : IDisposable
{
    public Task GrantAsync(string userId, int points, CancellationToken cancellationToken) =>
        channel.UnaryAsync(
            PointsApiMethods.AddPoints,
            new AddPointsRequest { UserId = userId, Points = points },
            new CallOptions(CancellationToken: cancellationToken).WithTransaction());

    public void Dispose() => channel.Dispose();
}
