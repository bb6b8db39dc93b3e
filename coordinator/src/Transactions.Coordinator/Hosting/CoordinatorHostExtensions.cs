using Serilog;
using Transactions.Admin.Security;
using Transactions.Coordinator.Admin.Http;
using Transactions.Coordinator.Grpc;
using Transactions.Coordinator.Options;

namespace Transactions.Coordinator.Hosting;

/// <summary>Everything the coordinator host registers and maps, so Program.cs stays short.</summary>
public static class CoordinatorHostExtensions
{
    /// <summary>Logging, options, storage, engine, gRPC binding, health checks, admin API (keys from <c>Admin</c>).</summary>
    public static WebApplicationBuilder AddCoordinatorHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

        builder.Services.AddCoordinatorStorage(builder.Configuration.GetSection("Storage"));
        builder.Services.AddTransactionCoordinator(builder.Configuration.GetSection(CoordinatorOptions.SectionName), options =>
        {
            if (string.IsNullOrEmpty(builder.Configuration[$"{CoordinatorOptions.SectionName}:InstanceId"]))
            {
                // Stable across restarts of the same instance (same machine and addresses), distinct between
                // instances on one machine: a restarted instance takes its own in-flight work back at once.
                var urls = builder.Configuration["Kestrel:Endpoints:Grpc:Url"] ?? builder.Configuration["urls"] ?? "default";
                options.InstanceId = $"{Environment.MachineName}|{urls}";
            }
        });
        builder.Services.AddGrpcBinding(o => o.MaxReceiveMessageSize = 1024 * 1024);
        builder.Services.AddSingleton<TransactionManagerGrpcService>();
        builder.Services.AddSingleton<ResourceManagerGrpcService>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        builder.Services.AddCoordinatorAdmin(builder.Configuration.GetSection(AdminSecurityOptions.SectionName));
        return builder;
    }

    /// <summary>Maps the TC protocol, the health endpoint, the admin API and the web console.</summary>
    public static WebApplication MapCoordinatorHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapCoordinatorGrpc();
        app.MapHealthChecks("/health");
        app.MapCoordinatorAdmin();
        app.MapAdminConsole();
        app.MapGet("/", () => Results.Text("Transactions coordinator. TC protocol: gRPC (transactions.v1). Health: /health. Admin API: /api/v1/admin. Console: /console/\n"));
        return app;
    }
}
