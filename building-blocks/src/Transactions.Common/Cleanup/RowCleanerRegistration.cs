using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Transactions.Common.Cleanup;

/// <summary>The registration every <see cref="RowCleaner{TOptions}"/> shares.</summary>
public static class RowCleanerRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TCleaner"/> as a singleton, as a hosted service (its background loop) and as an
    /// <see cref="IRowCleaner"/> (for another scheduler such as Hangfire), with <typeparamref name="TOptions"/>
    /// validated on start by <see cref="RowCleanerOptionsValidator{TOptions}"/>. Safe to call twice (option delegates add up).
    /// </summary>
    /// <typeparam name="TCleaner">The cleaner.</typeparam>
    /// <typeparam name="TOptions">Its options (unnamed).</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRowCleaner<TCleaner, TOptions>(IServiceCollection services, Action<TOptions>? configure)
        where TCleaner : RowCleaner<TOptions>
        where TOptions : RowCleanerOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, RowCleanerOptionsValidator<TOptions>>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TCleaner>();
        services.AddHostedService(sp => sp.GetRequiredService<TCleaner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRowCleaner, TCleaner>(sp => sp.GetRequiredService<TCleaner>()));
        return services;
    }
}
