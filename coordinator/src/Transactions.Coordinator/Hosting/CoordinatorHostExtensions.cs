using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.Coordinator.Admin.Http;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Grpc;
using Transactions.Coordinator.Jobs;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Security;
using Transactions.Coordinator.Storage;
using Transactions.Hosting.Memory;
using Transactions.Hosting.Security;
using Transactions.Scheduling.Jobs;
using Transactions.Scheduling.Options;
using Transactions.Telemetry;

namespace Transactions.Coordinator.Hosting;

/// <summary>Everything the coordinator host registers and maps, so Program.cs stays short.</summary>
public static class CoordinatorHostExtensions
{
    /// <summary>The coordinator's default request message limit (<c>Grpc:MaxReceiveMessageSize</c>): 1 MiB.</summary>
    public const int DefaultMaxReceiveMessageSize = 1024 * 1024;

    /// <summary>Logging, options, storage, engine, gRPC (Grpc.AspNetCore), health checks, admin API (keys from <c>Admin</c>).</summary>
    public static WebApplicationBuilder AddCoordinatorHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceLogging();

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
        builder.Services.AddApplicationSecurity(builder.Configuration.GetSection(ApplicationSecurityOptions.SectionName));
        builder.Services.AddSingleton<TransactionManagerGrpcService>();
        builder.Services.AddSingleton<ResourceManagerGrpcService>();
        builder.Services.AddSingleton<CoordinatorErrorInterceptor>();
        builder.AddServiceGrpc(DefaultMaxReceiveMessageSize)
            .AddServiceOptions<TransactionManagerGrpcService>(AddTcInterceptors)
            .AddServiceOptions<ResourceManagerGrpcService>(AddTcInterceptors);
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        builder.Services.AddOtlpExport(builder.Configuration, new TelemetrySources(
            "transactions-coordinator",
            [CoordinatorDiagnostics.MeterName],
            [CoordinatorDiagnostics.ActivitySourceName]));
        builder.Services.AddCoordinatorAdmin(builder.Configuration.GetSection(AdminSecurityOptions.SectionName));
        builder.Services.AddOpenApi();
        builder.Services.AddServiceJobs<CoordinatorStorageOptions>(
                builder.Configuration.GetSection(JobsDefaults.SectionName),
                new SchedulingTelemetry(CoordinatorDiagnostics.MeterName, "tx"))
            .AddRecurringJob<TransactionRetentionJob>(TransactionRetentionJob.Id, jobs => jobs.Retention.Enabled ? jobs.Retention.Cron : null)
            .AddOperatorAlerts<TransactionAttentionFeed>(builder.Configuration.GetSection(JobsDefaults.SectionName), "coordinator");
        return builder;
    }

    /// <summary>Per-application keys on the TC protocol (<c>Security</c>): options validated at start, the key interceptor, ownership checks, the endpoint policy.</summary>
    private static IServiceCollection AddApplicationSecurity(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<ApplicationSecurityOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApplicationSecurityOptions>, ApplicationSecurityOptionsValidator>();
        services.AddSingleton<ApplicationKeyRing>();
        services.AddSingleton<TransactionAccess>();
        services.AddSingleton<EndpointPolicy>();
        services.AddSingleton<IRequestAuthentication, CoordinatorRequestAuthentication>();
        services.AddHostedService(sp => new AnonymousAccessWarning(
            sp.GetRequiredService<IOptions<ApplicationSecurityOptions>>().Value.RequireApplicationKeys,
            sp.GetRequiredService<IOptions<AdminSecurityOptions>>().Value.ApiKeys.Count,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<ILogger<AnonymousAccessWarning>>()));
        services.AddSingleton<ApplicationKeyInterceptor>();
        return services;
    }

    /// <summary>Per TC service: authenticate the application key first, then map engine errors to statuses.</summary>
    private static void AddTcInterceptors<TService>(GrpcServiceOptions<TService> options)
        where TService : class
    {
        options.Interceptors.Add<ApplicationKeyInterceptor>();
        options.Interceptors.Add<CoordinatorErrorInterceptor>();
    }

    /// <summary>Maps the TC protocol, the health endpoint, the admin API and the web console.</summary>
    public static WebApplication MapCoordinatorHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestActivity(); // for the idle check of Memory:ReturnWhenIdle
        app.UseRequestBodyLimits(); // Memory:RequestBodyBudgetMegabytes, Security:UnauthenticatedMaxRequestBytes
        app.UseAdminRequestLogging();
        app.UseAdminRequestLimits();
        app.MapJobsDashboard("Coordinator jobs", backLink: "/console/"); // /hangfire, behind the admin keys (Jobs:Enabled)
        app.MapCoordinatorGrpc();
        app.MapServiceGrpcInfrastructure();
        app.MapHealthChecks("/health");
        app.MapCoordinatorAdmin();
        app.MapOpenApi(); // /openapi/v1.json, anonymous: the document holds no data, only the API's shape.
        app.MapAdminConsole();
        app.MapGet("/", () => Results.Text("Transactions coordinator. TC protocol: gRPC (transactions.v1; grpc.health.v1, reflection). Health: /health. Admin API: /api/v1/admin. Console: /console/. Jobs: /hangfire\n"));
        return app;
    }
}
