using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Fence;
using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Testing;

namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>
/// The shipping service, a saga participant: <see cref="ShippingSaga"/> served by <c>MapTransactionParticipant()</c>
/// over gRPC (HTTP/2 port) and HTTP/JSON (HTTP/1.1 port), through the fence of its own PostgreSQL database.
/// </summary>
public sealed class ShippingApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ShippingApp(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        GrpcEndpoint = $"http://127.0.0.1:{grpcPort}";
        HttpEndpoint = $"http://127.0.0.1:{httpPort}/transactions/participant";
    }

    /// <summary>The gRPC participant endpoint (Execute/Compensate), for saga definitions.</summary>
    public string GrpcEndpoint { get; }

    /// <summary>The HTTP/JSON participant endpoint ({endpoint}/execute|compensate), for saga definitions.</summary>
    public string HttpEndpoint { get; }

    public static async Task<ShippingApp> StartAsync(string connectionString, string coordinatorAddress, TestLog log)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var builder = TestAppBuilder.Create(log, httpPort, grpcPort);
        builder.Services.AddDbContext<ShippingDbContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddTransactions(options =>
            {
                options.CoordinatorAddress = coordinatorAddress;
                options.ApplicationId = "shipping-service";
                options.ParticipantEndpoint = $"http://127.0.0.1:{grpcPort}";
            })
            .UseTccFence<ShippingDbContext>();
        builder.Services.AddSagaParticipant<ShippingSaga>();

        var app = builder.Build();
        app.MapTransactionParticipant();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShippingDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        return new ShippingApp(app, httpPort, grpcPort);
    }

    /// <summary>The effects of one saga, in the order they committed.</summary>
    public async Task<List<string>> EffectsAsync(long xid)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        return await db.Effects.AsNoTracking().Where(e => e.Xid == xid).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }

    /// <summary>The fence row of one step, or null.</summary>
    public async Task<TccFenceRecord?> FenceRowAsync(long xid, long branchId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        return await db.Set<TccFenceRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Xid == xid && r.BranchId == branchId);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
