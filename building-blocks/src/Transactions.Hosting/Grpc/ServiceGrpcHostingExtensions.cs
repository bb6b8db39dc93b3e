using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Hosting.Grpc;
using Transactions.Hosting.Kestrel;
using Transactions.Hosting.Memory;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The gRPC server both services run: Grpc.AspNetCore with shared settings, health checking and reflection.</summary>
public static class ServiceGrpcHostingExtensions
{
    /// <summary>
    /// Adds Grpc.AspNetCore with detailed errors off, the message size limits of <see cref="ServiceGrpcOptions"/>
    /// (section <c>Grpc</c>; <paramref name="defaultMaxReceiveMessageSize"/> when not configured), the
    /// <see cref="LogScopeInterceptor"/> and <see cref="ClientCancellationInterceptor"/>, the standard health service (<c>grpc.health.v1.Health</c>, answering from the
    /// host's ASP.NET Core health checks: add them to the returned builder's services with <c>AddHealthChecks()</c>),
    /// server reflection (unless <see cref="ServiceGrpcOptions.EnableReflection"/> is false), and Kestrel's limits
    /// (<see cref="ServiceKestrelLimits"/>).
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="defaultMaxReceiveMessageSize">The service's default request message limit, in bytes.</param>
    /// <returns>The gRPC server builder, to add per-service options and interceptors.</returns>
    public static IGrpcServerBuilder AddServiceGrpc(this WebApplicationBuilder builder, int defaultMaxReceiveMessageSize)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(defaultMaxReceiveMessageSize);
        var section = builder.Configuration.GetSection(ServiceGrpcOptions.SectionName);
        var settings = section.Get<ServiceGrpcOptions>() ?? new ServiceGrpcOptions();
        builder.Services.AddOptions<ServiceGrpcOptions>().Bind(section)
            .Validate(o => o.MaxReceiveMessageSize is null or > 0, "Grpc:MaxReceiveMessageSize must be a positive number of bytes.")
            .Validate(o => o.MaxSendMessageSize > 0, "Grpc:MaxSendMessageSize must be a positive number of bytes.")
            .ValidateOnStart();

        builder.ConfigureServiceKestrelLimits();
        builder.AddServiceMemory();
        // Interceptors resolved from DI as singletons: Grpc.AspNetCore would otherwise create one per call.
        builder.Services.TryAddSingleton<LogScopeInterceptor>();
        builder.Services.TryAddSingleton<ClientCancellationInterceptor>();
        builder.Services.AddGrpcHealthChecks();
        if (settings.EnableReflection)
        {
            builder.Services.AddGrpcReflection();
        }

        return builder.Services.AddGrpc(options =>
        {
            options.EnableDetailedErrors = false;
            options.MaxReceiveMessageSize = settings.MaxReceiveMessageSize ?? defaultMaxReceiveMessageSize;
            options.MaxSendMessageSize = settings.MaxSendMessageSize;
            options.Interceptors.Add<LogScopeInterceptor>();
            options.Interceptors.Add<ClientCancellationInterceptor>();
        });
    }

    /// <summary>Maps the standard health service and, when enabled, server reflection.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapServiceGrpcInfrastructure(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcHealthChecksService();
        var settings = app.Configuration.GetSection(ServiceGrpcOptions.SectionName).Get<ServiceGrpcOptions>() ?? new ServiceGrpcOptions();
        if (settings.EnableReflection)
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }
}
