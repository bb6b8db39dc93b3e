using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddGrpc();   // its own gRPC API (AddTransactions adds it too, for the participant endpoint)
        return services;
    }

    public static WebApplication MapPointsService(this WebApplication app)
    {
        app.UseTransactionPropagation();  // also reads tx-xid from gRPC metadata
        app.MapTransactionParticipant();
        app.MapGrpcService<PointsApiService>();
        return app;
    }
}
