using Samples.Hosting.Database;
using Samples.Hosting.Faults;
using Samples.Hosting.Hosting;
using Samples.Points.Accounts;

namespace Samples.Points.Hosting;

/// <summary>How the points service is put together.</summary>
public static class PointsServiceExtensions
{
    /// <summary>Registers the database, the participants SDK with the TCC fence, the ledger and the failure switches.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddPointsService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSampleHost("points");
        builder.Services.AddSampleDatabase<PointsDbContext>(builder.Configuration, "points.db");
        builder.Services.AddTransactions(builder.Configuration.GetSection("Transactions")).UseTccFence<PointsDbContext>();
        builder.Services.AddTccParticipant<IPointsLedger, PointsLedger>();
        builder.Services.AddFaultSwitches();
        return builder;
    }

    /// <summary>Maps health, the participant endpoint (Confirm/Cancel), the failure switches and the points API.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapPointsService(this WebApplication app)
    {
        app.UseSampleHost();
        app.MapTransactionParticipant();
        app.MapFaultSwitches();
        app.MapPointsEndpoints();
        return app;
    }
}
