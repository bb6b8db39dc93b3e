using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.IntegrationTests.Shipping;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>The participants SDK README, "Saga participants": registration (compiled here, not run).</summary>
public static class ShippingRegistration
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // begin-snippet: saga-registration
        builder.Services.AddDbContext<ShippingDbContext>(o => o.UseSqlite("Data Source=shipping.db"));
        builder.Services.AddTransactions(builder.Configuration.GetSection("Transactions"))
            .UseTccFence<ShippingDbContext>();    // ShippingDbContext.OnModelCreating calls modelBuilder.AddTccFence()
        builder.Services.AddSagaParticipant<ShippingSaga>();
        var app = builder.Build();
        app.MapTransactionParticipant();          // Execute/Compensate from the coordinator
        // end-snippet
        return app;
    }
}
