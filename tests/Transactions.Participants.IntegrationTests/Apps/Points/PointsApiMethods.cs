using Transactions.Grpc;
using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>Method descriptors of <c>points.v1.PointsApi</c> for the project's gRPC binding.</summary>
public static class PointsApiMethods
{
    public const string ServiceName = "points.v1.PointsApi";

    public static readonly Method<AddPointsRequest, AddPointsResponse> AddPoints =
        new(ServiceName, "AddPoints", AddPointsRequest.Parser, AddPointsResponse.Parser);
}
