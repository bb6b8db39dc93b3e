using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Grpc;
using Transactions.Participants.IntegrationTests.Points.Api;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>How the points service wires the SDK: an HTTP/JSON participant with a gRPC business API.</summary>
public static class PointsServiceRegistration
{
    public static IServiceCollection AddPointsService(this IServiceCollection services, string connectionString, string coordinatorAddress, string participantEndpoint)
    {
        services.AddDbContext<PointsDbContext>(options => options.UseNpgsql(connectionString));
        services.AddTransactions(options =>
            {
                options.CoordinatorAddress = coordinatorAddress;
                options.ApplicationId = "points-service";
                options.ParticipantEndpoint = participantEndpoint;   // HTTP/JSON: {endpoint}/transactions/participant/confirm|cancel
                options.ParticipantProtocol = ParticipantProtocol.HttpJson;
            })
            .UseTccFence<PointsDbContext>();
        services.AddTccParticipant<IPointsService, PointsService>();
        return services;
    }

    public static WebApplication MapPointsService(this WebApplication app)
    {
        app.UseTransactionPropagation();  // also reads tx-xid from gRPC metadata
        app.MapTransactionParticipant();
        app.MapGrpcUnary(PointsApiMethods.AddPoints, async (request, context) =>
        {
            var points = context.GetHttpContext().RequestServices.GetRequiredService<IPointsService>();
            try
            {
                await points.GrantAsync(request.UserId, request.Points, context.CancellationToken);
                return new AddPointsResponse();
            }
            catch (UnknownAccountException ex)
            {
                throw new RpcException(StatusCode.FailedPrecondition, ex.Message);
            }
        });
        return app;
    }
}
