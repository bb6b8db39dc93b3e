using Serilog;
using Transactions.Grpc.Tracing;
using Transactions.ReliableMessage.Diagnostics;
using Transactions.Telemetry;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Service.Admin;
using Transactions.ReliableMessage.Service.Grpc;
using Transactions.ReliableMessage.Service.Http;

namespace Transactions.ReliableMessage.Service.Hosting;

/// <summary>Everything the service host registers and maps, so Program.cs stays short.</summary>
public static class ReliableMessageHostExtensions
{
    /// <summary>Setting that chooses the transport: <c>Kafka</c> (default) or <c>Push</c>.</summary>
    public const string TransportSetting = ReliableMessageOptions.SectionName + ":Transport";

    /// <summary>Logging, storage (first: it migrates at start), engine, transport, gRPC binding, admin security, health checks.</summary>
    public static WebApplicationBuilder AddReliableMessageHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);

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

        builder.Services.AddGrpcBinding(o => o.MaxReceiveMessageSize = 8 * 1024 * 1024);
        builder.Services.AddSingleton<ReliableMessageGrpcService>();
        builder.Services.AddSingleton<ReliableMessageAdminGrpcService>();
        builder.Services.AddAdminSecurity(configuration.GetSection(AdminSecurityOptions.SectionName));
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
            "transactions-reliable-message", [ReliableMessageMetrics.MeterName], [GrpcDiagnostics.ActivitySourceName]));
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    /// <summary>Maps the gRPC services, the HTTP/JSON API and the health endpoint.</summary>
    public static WebApplication MapReliableMessageHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAdminRequestLimits();
        app.MapReliableMessageGrpc();
        app.MapReliableMessageHttpApi();
        app.MapOpenApi(); // /openapi/v1.json, anonymous: the document holds no data, only the API's shape.
        app.MapHealthChecks("/health");
        app.MapGet("/", () => Results.Text("Reliable-message service. gRPC: reliablemessage.v1. HTTP/JSON: /api/v1. Health: /health\n"));
        return app;
    }
}
