using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;
using Transactions.Participants.Fence;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the TCC fence of a participant's DbContext.</summary>
public static class TccFenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ITccFence{TContext}"/> (singleton), the <see cref="TccFenceCleaner{TContext}"/>
    /// hosted service (also resolvable as itself and as an <see cref="IRowCleaner"/>) and <see cref="TccFenceOptions"/> named
    /// <see cref="TccFenceOptions.NameFor{TContext}"/>, validated on start. Uses <see cref="TimeProvider.System"/>
    /// unless a <see cref="TimeProvider"/> is registered, and needs logging (<c>AddLogging</c>, present in
    /// every host). <typeparamref name="TContext"/> must be registered (AddDbContext or
    /// AddDbContextFactory) and its model must call <c>modelBuilder.AddTccFence()</c>. Safe to call twice
    /// (option delegates add up).
    /// </summary>
    /// <typeparam name="TContext">The participant's DbContext.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional settings (cleaner retention, interval, batch size).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTccFence<TContext>(
        this IServiceCollection services,
        Action<TccFenceOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<TccFenceOptions>(TccFenceOptions.NameFor<TContext>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TccFenceOptions>, TccFenceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITccFence<TContext>, TccFence<TContext>>();
        services.TryAddSingleton<TccFenceCleaner<TContext>>();
        services.AddHostedService(sp => sp.GetRequiredService<TccFenceCleaner<TContext>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRowCleaner, TccFenceCleaner<TContext>>(sp => sp.GetRequiredService<TccFenceCleaner<TContext>>()));
        return services;
    }
}
