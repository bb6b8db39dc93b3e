using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;
using Transactions.Participants.Hangfire;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs the SDK cleaners as Hangfire recurring jobs.</summary>
public static class CleanupJobsServiceCollectionExtensions
{
    /// <summary>
    /// Makes every SDK cleaner the service registers (<c>AddTccFence</c>, <c>AddMessageBarrierCleaner</c>,
    /// <c>AddMessageInboxCleaner</c>: each is an <see cref="IRowCleaner"/>) a Hangfire recurring job with a stable id
    /// (<c>tx-cleanup:</c> + the cleaner's name), run by <see cref="CleanupJob"/> (resolved from DI), never two runs of
    /// one job at once. The cleaners' own background loops then do not run. The host brings Hangfire itself:
    /// <c>services.AddHangfire(c => c.Use...Storage(...))</c> and <c>services.AddHangfireServer()</c>; without it the
    /// start fails with a clear message. Options: <see cref="CleanupJobsOptions"/>, validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings (cron, job id prefix, queue).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddHangfireCleanupJobs(this IServiceCollection services, Action<CleanupJobsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CleanupJobsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CleanupJobsOptions>, CleanupJobsOptionsValidator>());
        services.TryAddSingleton(new ExternalRowCleanupScheduler("Hangfire"));
        services.TryAddTransient<CleanupJob>();
        services.AddHostedService<CleanupJobRegistrar>();
        return services;
    }
}
