using Transactions.ReliableMessage.Diagnostics;
using Transactions.Telemetry;
using Transactions.Admin.Security;
using Transactions.Hosting.Memory;
using Transactions.Hosting.Security;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Service.Admin;
using Transactions.ReliableMessage.Service.Security;
using Transactions.ReliableMessage.Service.Grpc;
using Transactions.ReliableMessage.Service.Http;
using Transactions.ReliableMessage.Service.Jobs;
using Transactions.ReliableMessage.Service.Notifications;

namespace Transactions.ReliableMessage.Service.Hosting;

/// <summary>Everything the service host registers and maps, so Program.cs stays short.</summary>
public static class ReliableMessageHostExtensions
{
    /// <summary>Setting that chooses the transport: <c>Kafka</c> (default) or <c>Push</c>.</summary>
    public const string TransportSetting = ReliableMessageOptions.SectionName + ":Transport";

    /// <summary>The service's default request message limit (<c>Grpc:MaxReceiveMessageSize</c>): 8 MiB.</summary>
    public const int DefaultMaxReceiveMessageSize = 8 * 1024 * 1024;

    /// <summary>Logging, storage (first: it migrates at start), engine, transport, gRPC (Grpc.AspNetCore), admin security, health checks.</summary>
    public static WebApplicationBuilder AddReliableMessageHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceLogging();

        var configuration = builder.Configuration;
        builder.Services.AddReliableMessageStorage(configuration.GetSection("Storage"));
        builder.Services.AddReliableMessageEngine(configuration.GetSection(ReliableMessageOptions.SectionName), options =>
        {
            if (string.IsNullOrEmpty(configuration[$"{ReliableMessageOptions.SectionName}:InstanceId"]))
            {
                var urls = configuration["Kestrel:Endpoints:Grpc:Url"] ?? configuration["urls"] ?? "default";
                options.InstanceId = $"{Environment.MachineName}|{urls}";
            }
        });

        var transport = configuration.GetValue(TransportSetting, TransportKind.Kafka);
        switch (transport)
        {
            case TransportKind.Kafka:
                builder.Services.AddKafkaTransport(configuration.GetSection("Kafka"));
                break;
            case TransportKind.Push:
                builder.Services.AddPushTransport();
                break;
            default:
                throw new InvalidOperationException($"The setting {TransportSetting} has the unknown value '{transport}'; use Kafka or Push.");
        }

        builder.AddServiceGrpc(DefaultMaxReceiveMessageSize).AddReliableMessageGrpcServices();
        builder.Services.AddAdminSecurity(configuration.GetSection(AdminSecurityOptions.SectionName));
        builder.Services.AddMessageApiSecurity(configuration.GetSection(MessageApiSecurityOptions.SectionName));
        builder.Services.AddNotifications(configuration.GetSection(NotificationOptions.SectionName));
        builder.Services.AddSingleton<AuditedAdminActions>();
        builder.Services.AddOpenApi();
        builder.Services.AddMetrics();
        builder.Services.AddOptions<ReliableMessageMetricsOptions>()
            .Bind(configuration.GetSection(ReliableMessageMetricsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReliableMessageMetrics>();
        builder.Services.AddSingleton<ReliableMessageMetricsRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReliableMessageMetricsRefresher>());
        builder.Services.AddOtlpExport(configuration, new TelemetrySources(
            "transactions-reliable-message", [ReliableMessageMetrics.MeterName], []));
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        builder.Services.AddReliableMessageJobs(configuration); // Hangfire: retention (Jobs)
        return builder;
    }

    /// <summary>Maps the gRPC services, the HTTP/JSON API and the health endpoint.</summary>
    public static WebApplication MapReliableMessageHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestActivity(); // for the idle check of Memory:ReturnWhenIdle
        app.UseRequestBodyLimits(); // Memory:RequestBodyBudgetMegabytes, Security:UnauthenticatedMaxRequestBytes
        app.UseAdminRequestLogging();
        app.UseAdminRequestLimits();
        app.MapJobsDashboard("Reliable-message jobs"); // /hangfire, behind the admin keys (Jobs:Enabled)
        app.MapReliableMessageGrpc();
        app.MapServiceGrpcInfrastructure();
        app.MapReliableMessageHttpApi();
        app.MapNotificationHttpApi();
        app.MapOpenApi(); // /openapi/v1.json, anonymous: the document holds no data, only the API's shape.
        app.MapHealthChecks("/health");
        app.MapGet("/", () => Results.Text("Reliable-message service. gRPC: reliablemessage.v1 (grpc.health.v1, reflection). HTTP/JSON: /api/v1. Health: /health. Jobs: /hangfire\n"));
        return app;
    }
}
