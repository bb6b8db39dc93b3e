using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Scheduling.Alerts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds operator alerts (section <c>Jobs:Alerts</c>) to a service that runs scheduled jobs.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AlertOptions"/> from <c>Alerts</c> under <paramref name="jobsSection"/> (validated at start),
    /// adds <typeparamref name="TFeed"/> as the service's <see cref="IAttentionFeed"/>, and, when at least one webhook
    /// is configured, the recurring sweep <c>{service}.alerts</c> on <c>SweepCron</c> (removed from the storage when
    /// none is). Call after <c>AddServiceJobs</c>; with <c>Jobs:Enabled</c> false nothing runs.
    /// </summary>
    /// <typeparam name="TFeed">The service's feed of flagging events.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="jobsSection">The <c>Jobs</c> section.</param>
    /// <param name="service">The service's name in alerts and in the job id, e.g. <c>coordinator</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOperatorAlerts<TFeed>(this IServiceCollection services, IConfiguration jobsSection, string service)
        where TFeed : class, IAttentionFeed
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(jobsSection);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        var section = jobsSection.GetSection(AlertDefaults.SectionName);
        services.AddOptions<AlertOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());
        services.TryAddSingleton<IAttentionFeed, TFeed>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<AlertDelivery>();

        // Webhooks are operators' own endpoints: no redirects followed (a redirect would carry the signed body elsewhere).
        services.AddHttpClient(AlertDefaults.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        var webhooks = section.GetSection(nameof(AlertOptions.Webhooks)).GetChildren().Any();
        var cron = section[nameof(AlertOptions.SweepCron)] ?? AlertDefaults.SweepCron;
        return services.AddRecurringJob<AlertSweepJob>(AlertSweepJob.IdFor(service), _ => webhooks ? cron : null);
    }
}
