using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Locking;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the distributed lock.</summary>
public static class DistributedLockServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDistributedLock"/> (singleton <see cref="DistributedLock"/>) and
    /// <see cref="DistributedLockOptions"/> validated on start. Uses <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered. Safe to call twice (option delegates add up).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (<see cref="DistributedLockOptions.ConnectionString"/> is required).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddDistributedLock(this IServiceCollection services, Action<DistributedLockOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DistributedLockOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers <see cref="IDistributedLock"/> with options bound from <paramref name="section"/>
    /// (e.g. <c>builder.Configuration.GetSection("DistributedLock")</c>: <c>Provider</c>, <c>ConnectionString</c>,
    /// <c>LeaseDuration</c> as <c>"00:00:30"</c>, ...), validated on start.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="section">The configuration section holding <see cref="DistributedLockOptions"/>.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddDistributedLock(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<DistributedLockOptions>().Bind(section);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.AddOptions<DistributedLockOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DistributedLockOptions>, DistributedLockOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DistributedLock>();
        services.TryAddSingleton<IDistributedLock>(sp => sp.GetRequiredService<DistributedLock>());
        return services;
    }
}
