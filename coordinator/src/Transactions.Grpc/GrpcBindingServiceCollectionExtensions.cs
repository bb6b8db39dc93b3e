using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Grpc;
using Transactions.Grpc.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the server side of the project's gRPC binding.
/// </summary>
public static class GrpcBindingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services <c>MapGrpcUnary</c> needs and configures <see cref="GrpcServerOptions"/>
    /// (validated when the host starts). Interceptors are added separately as
    /// <see cref="IGrpcServerInterceptor"/> services. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the server options; optional.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddGrpcBinding(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddRouting();
        services.AddOptions<GrpcServerOptions>()
            .Validate(o => o.MaxReceiveMessageSize > 0, "GrpcServerOptions.MaxReceiveMessageSize must be positive.")
            .Validate(o => o.MaxSendMessageSize is null or > 0, "GrpcServerOptions.MaxSendMessageSize must be positive or null.")
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcBindingMarkerService>();
        return services;
    }
}
