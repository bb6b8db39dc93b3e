using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Fence;

namespace Transactions.Participants.IntegrationTests.Stock;

/// <summary>How the stock service wires the SDK (what a service team writes in its Program.cs extensions).</summary>
public static class StockServiceRegistration
{
    public static IServiceCollection AddStockService(this IServiceCollection services, string connectionString, string coordinatorAddress, string participantEndpoint)
    {
        services.AddDbContext<StockDbContext>(options => options.UseNpgsql(connectionString));
        services.AddTransactions(options =>
            {
                options.CoordinatorAddress = coordinatorAddress;
                options.ApplicationId = "stock-service";
                options.ParticipantEndpoint = participantEndpoint;   // the app's HTTP/2 endpoint
                options.ParticipantProtocol = ParticipantProtocol.Grpc;
            })
            .UseTccFence<StockDbContext>();
        services.AddTccParticipant<IStockService, StockService>();
        return services;
    }

    public static WebApplication MapStockService(this WebApplication app)
    {
        app.UseTransactionPropagation();  // tx-xid header -> ambient transaction
        app.MapTransactionParticipant();  // Confirm/Cancel from the coordinator
        app.MapPost("/api/stock/freeze", async (FreezeRequest request, IStockService stock, CancellationToken cancellationToken) =>
        {
            try
            {
                await stock.FreezeAsync(request.Sku, request.Quantity, cancellationToken);
                return Results.Ok();
            }
            catch (Exception ex) when (ex is StockException or TccFenceException or TransactionException)
            {
                return Results.Conflict(new { error = ex.Message });
            }
        });
        return app;
    }
}
