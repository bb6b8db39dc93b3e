using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>
/// The points service: HTTP/2 for its gRPC business API, HTTP/1.1 for the HTTP/JSON participant endpoint; its
/// own PostgreSQL database.
/// </summary>
public sealed class PointsApp : IAsyncDisposable
{
    public const string ConfirmPath = "/transactions/participant/confirm";

    private readonly WebApplication _app;

    private PointsApp(WebApplication app, Uri grpcAddress, DeliveryCounter deliveries)
    {
        _app = app;
        GrpcAddress = grpcAddress;
        Deliveries = deliveries;
    }

    /// <summary>Base address of the gRPC business API (HTTP/2).</summary>
    public Uri GrpcAddress { get; }

    /// <summary>Requests received per path.</summary>
    public DeliveryCounter Deliveries { get; }

    public static async Task<PointsApp> StartAsync(string connectionString, string coordinatorAddress, TestLog log)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var builder = TestAppBuilder.Create(log, httpPort, grpcPort);
        builder.Services.AddPointsService(connectionString, coordinatorAddress, participantEndpoint: $"http://127.0.0.1:{httpPort}");

        var app = builder.Build();
        var deliveries = new DeliveryCounter();
        deliveries.UseIn(app);
        app.MapPointsService();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PointsDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return new PointsApp(app, new Uri($"http://127.0.0.1:{grpcPort}"), deliveries);
    }

    public async Task SeedAsync(string userId, int balance)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PointsDbContext>();
        db.Accounts.Add(new PointsAccount { UserId = userId, Balance = balance });
        await db.SaveChangesAsync();
    }

    public async Task<PointsAccount> GetAsync(string userId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PointsDbContext>();
        return await db.Accounts.AsNoTracking().SingleAsync(a => a.UserId == userId);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
