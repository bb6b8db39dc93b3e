using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Samples.Hosting.Database;

/// <summary>Registers a sample service's DbContext on the configured engine and creates its schema at start.</summary>
public static class SampleDatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="SampleDatabaseOptions"/> from the <c>Database</c> section, registers <typeparamref name="TContext"/>
    /// (scoped) on SQLite or PostgreSQL and a hosted service that creates the schema before the host starts
    /// (<c>EnsureCreated</c>: fine for samples; a real service ships migrations).
    /// </summary>
    /// <typeparam name="TContext">The service's DbContext.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="defaultFileName">The SQLite file when no connection string is configured, e.g. <c>orders.db</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSampleDatabase<TContext>(this IServiceCollection services, IConfiguration configuration, string defaultFileName)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SampleDatabaseOptions>()
            .Bind(configuration.GetSection(SampleDatabaseOptions.SectionName))
            .PostConfigure(o => o.ConnectionString ??= o.Provider == SampleDatabaseProvider.Sqlite ? $"Data Source={defaultFileName}" : null)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Database:ConnectionString is required for PostgreSQL.")
            .ValidateOnStart();
        services.AddDbContext<TContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<SampleDatabaseOptions>>().Value;
            _ = database.Provider == SampleDatabaseProvider.PostgreSql
                ? options.UseNpgsql(database.ConnectionString)
                : options.UseSqlite(database.ConnectionString);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SchemaCreator<TContext>>());
        return services;
    }
}
