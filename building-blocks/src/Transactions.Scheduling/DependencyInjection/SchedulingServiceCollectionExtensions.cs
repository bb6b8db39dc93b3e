using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Scheduling.Jobs;
using Transactions.Scheduling.Options;
using Transactions.Scheduling.Storage;
using Transactions.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Hangfire to a service on its own database, and the service's recurring jobs.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="JobsOptions"/> from <paramref name="section"/> (usually <c>Jobs</c>), validated at start. When
    /// <c>Enabled</c> (the default), adds Hangfire with its storage on the service's database (chosen by the
    /// <typeparamref name="TStorageOptions"/> <c>Provider</c>, see the README), a Hangfire server with
    /// <c>WorkerCount</c> workers polling every <c>PollingInterval</c>, and a start-up step that registers the
    /// recurring jobs added with <see cref="AddRecurringJob{TJob}"/> under their stable ids. Off: none of it.
    /// </summary>
    /// <typeparam name="TStorageOptions">The service's storage options.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Jobs</c> section.</param>
    /// <param name="telemetry">The service's meter and instrument prefix, for the jobs' metrics.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddServiceJobs<TStorageOptions>(this IServiceCollection services, IConfiguration section, SchedulingTelemetry telemetry)
        where TStorageOptions : StorageOptions
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(telemetry);
        services.AddOptions<JobsOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());
        if (!section.GetValue(nameof(JobsOptions.Enabled), defaultValue: true))
        {
            return services;
        }

        services.AddMetrics();
        services.TryAddSingleton(telemetry);
        services.TryAddSingleton<JobMetrics>();
        services.AddHangfire((provider, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseServiceStorage(provider.GetRequiredService<IOptions<TStorageOptions>>().Value, provider.GetRequiredService<IOptions<JobsOptions>>().Value));
        services.AddHangfireServer((provider, server) =>
        {
            var jobs = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.WorkerCount = jobs.WorkerCount;
            server.SchedulePollingInterval = jobs.PollingInterval;
        });
        services.AddHostedService<RecurringJobRegistrar>();
        return services;
    }

    /// <summary>
    /// Adds a recurring job: <typeparamref name="TJob"/> (scoped, resolved from DI at each run) scheduled under the
    /// stable id <paramref name="id"/> by the cron expression (UTC) <paramref name="cron"/> returns; null switches it
    /// off (the job is removed from the storage at start).
    /// </summary>
    /// <typeparam name="TJob">The job.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="id">Stable id, e.g. <c>coordinator.retention</c>.</param>
    /// <param name="cron">The schedule from the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, Func<JobsOptions, string?> cron)
        where TJob : class, IRecurringJob
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(cron);
        services.TryAddScoped<TJob>();
        services.AddSingleton(RecurringJobDefinition.For<TJob>(id, cron));
        return services;
    }
}
