using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the plumbing of a service's EF Core store; the service adds its store on top.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="configuration"/> (a section with <c>Provider</c>,
    /// <c>ConnectionString</c>, <c>AutoMigrate</c>, <c>CommandTimeoutSeconds</c>, <c>MigrationsAssembly</c> and the
    /// store's own settings), then applies <paramref name="configure"/>; adds the pooled
    /// <typeparamref name="TContext"/> factory configured by
    /// <see cref="StorageDbContextOptionsBuilderExtensions.UseStorage(DbContextOptionsBuilder, StorageOptions, string)"/>,
    /// <typeparamref name="TMigrator"/>, and a start-up step that validates the options and migrates the schema (when
    /// AutoMigrate is in effect) before any hosted service starts. Errors name the settings by the section's path.
    /// </summary>
    /// <typeparam name="TContext">The store's context.</typeparam>
    /// <typeparam name="TOptions">The store's options.</typeparam>
    /// <typeparam name="TMigrator">The store's migrator.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section, e.g. <c>builder.Configuration.GetSection("Storage")</c>.</param>
    /// <param name="configure">Optional changes applied after binding.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEfStorage<TContext, TOptions, TMigrator>(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<TOptions>? configure = null)
        where TContext : DbContext
        where TOptions : StorageOptions
        where TMigrator : StorageMigrator<TContext, TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<TOptions>().Bind(configuration);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        var prefix = configuration is IConfigurationSection section ? section.Path : string.Empty;
        return services.AddEfStorageCore<TContext, TOptions, TMigrator>(prefix);
    }

    /// <summary>
    /// As <see cref="AddEfStorage{TContext, TOptions, TMigrator}(IServiceCollection, IConfiguration, Action{TOptions})"/>,
    /// with the options set in code; errors name the settings after <typeparamref name="TOptions"/>.
    /// </summary>
    /// <typeparam name="TContext">The store's context.</typeparam>
    /// <typeparam name="TOptions">The store's options.</typeparam>
    /// <typeparam name="TMigrator">The store's migrator.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options (provider, connection string, ...).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddEfStorage<TContext, TOptions, TMigrator>(
        this IServiceCollection services,
        Action<TOptions> configure)
        where TContext : DbContext
        where TOptions : StorageOptions
        where TMigrator : StorageMigrator<TContext, TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TOptions>().Configure(configure);
        return services.AddEfStorageCore<TContext, TOptions, TMigrator>(typeof(TOptions).Name);
    }

    private static IServiceCollection AddEfStorageCore<TContext, TOptions, TMigrator>(this IServiceCollection services, string settingPrefix)
        where TContext : DbContext
        where TOptions : StorageOptions
        where TMigrator : StorageMigrator<TContext, TOptions>
    {
        services.AddLogging();
        services.TryAddSingleton(new StorageSettingName<TOptions>(settingPrefix));
        services.AddPooledDbContextFactory<TContext>((provider, options) =>
        {
            var settings = provider.GetRequiredService<IOptions<TOptions>>().Value;
            options.UseStorage(settings, provider.GetRequiredService<StorageSettingName<TOptions>>().Prefix);
        });
        services.TryAddSingleton<TMigrator>();
        services.TryAddSingleton<StorageMigrator<TContext, TOptions>>(sp => sp.GetRequiredService<TMigrator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageStartup<TContext, TOptions>>());
        return services;
    }
}
