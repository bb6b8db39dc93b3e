using Grpc.Core;
using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>
/// The points service's gRPC business API (<c>points.v1.PointsApi</c>, Grpc.AspNetCore). Created per call in the
/// request's scope; the call runs in the caller's global transaction (tx-xid metadata, <c>UseTransactionPropagation</c>),
/// so the TCC Try registers its branch there.
/// </summary>
public sealed class PointsApiService(IPointsService points) : PointsApi.PointsApiBase
{
    public override async Task<AddPointsResponse> AddPoints(AddPointsRequest request, ServerCallContext context)
    {
        try
        {
            await points.GrantAsync(request.UserId, request.Points, context.CancellationToken);
            return new AddPointsResponse();
        }
        catch (UnknownAccountException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }
    }
}
