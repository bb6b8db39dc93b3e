using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Telemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OTLP export of a host's meters and activity sources.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="OtlpExportService"/>, which exports <paramref name="sources"/> over OTLP when
    /// <c>OpenTelemetry:Otlp:Endpoint</c> (in <paramref name="configuration"/>) or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
    /// set, and does nothing otherwise.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The root configuration.</param>
    /// <param name="sources">Service name, meters and activity sources to export.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOtlpExport(this IServiceCollection services, IConfiguration configuration, TelemetrySources sources)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sources);
        services.AddOptions<OtlpExportOptions>()
            .Bind(configuration.GetSection(OtlpExportOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sources);
        services.TryAddSingleton<OtlpExportService>();
        services.AddHostedService(sp => sp.GetRequiredService<OtlpExportService>());
        return services;
    }
}
