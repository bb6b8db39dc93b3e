using Microsoft.Extensions.Options;
using Samples.Hosting.Database;
using Samples.Hosting.Faults;
using Samples.Hosting.Hosting;
using Samples.Stock.Products;
using Transactions.Locking;

namespace Samples.Stock.Hosting;

/// <summary>How the stock service is put together.</summary>
public static class StockServiceExtensions
{
    /// <summary>
    /// Registers the database, the participants SDK with the TCC fence, the ledger, the failure switches and the
    /// distributed lock (section <c>Locking</c>; by default in the stock database itself).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddStockService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSampleHost("stock");
        var services = builder.Services;
        services.AddSampleDatabase<StockDbContext>(builder.Configuration, "stock.db");
        services.AddTransactions(builder.Configuration.GetSection("Transactions")).UseTccFence<StockDbContext>();
        services.AddTccParticipant<IStockLedger, StockLedger>();
        services.AddFaultSwitches();
        services.Configure<StockOptions>(builder.Configuration.GetSection(StockOptions.SectionName));
        services.AddDistributedLock(builder.Configuration.GetSection("Locking"));
        services.AddOptions<DistributedLockOptions>().PostConfigure<IOptions<SampleDatabaseOptions>>((locks, database) =>
        {
            if (string.IsNullOrWhiteSpace(locks.ConnectionString))
            {
                locks.Provider = database.Value.Provider.ToString();
                locks.ConnectionString = database.Value.ConnectionString!;
            }
        });
        return builder;
    }

    /// <summary>Maps health, the participant endpoint (Confirm/Cancel), the failure switches and the stock API.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapStockService(this WebApplication app)
    {
        app.UseSampleHost();
        app.MapTransactionParticipant();
        app.MapFaultSwitches();
        app.MapStockEndpoints();
        return app;
    }
}
