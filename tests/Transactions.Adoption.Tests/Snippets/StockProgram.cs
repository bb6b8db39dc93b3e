using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Transactions.Participants.IntegrationTests.Stock;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>README, "Write a TCC participant": the stock service's Program.cs (compiled here, not run).</summary>
public static class StockProgram
{
    public static void Run(string[] args)
    {
        // begin-snippet: stock-program
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(8080, listen => listen.Protocols = HttpProtocols.Http1);  // business API
            kestrel.ListenAnyIP(5001, listen => listen.Protocols = HttpProtocols.Http2);  // Confirm/Cancel (gRPC)
        });
        builder.Services.AddStockService(
            builder.Configuration.GetConnectionString("Stock")!,
            coordinatorAddress: "http://coordinator:5300",
            participantEndpoint: "http://stock:5001");   // as the coordinator reaches it; a load-balanced address works
        var app = builder.Build();
        app.MapStockService();
        app.Run();
        // end-snippet
    }
}
