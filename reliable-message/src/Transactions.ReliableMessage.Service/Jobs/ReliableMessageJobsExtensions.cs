using Transactions.ReliableMessage.Diagnostics;
using Transactions.ReliableMessage.Storage;
using Transactions.Scheduling.Jobs;
using Transactions.Scheduling.Options;

namespace Transactions.ReliableMessage.Service.Jobs;

/// <summary>The service's scheduled jobs (Hangfire on its own database, section <c>Jobs</c>) and their dashboard.</summary>
public static class ReliableMessageJobsExtensions
{
    /// <summary>Hangfire on the service's storage, the retention job (<c>Jobs:Retention</c>) and operator alerts (<c>Jobs:Alerts</c>).</summary>
    public static IServiceCollection AddReliableMessageJobs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddServiceJobs<MessageStorageOptions>(
                configuration.GetSection(JobsDefaults.SectionName),
                new SchedulingTelemetry(ReliableMessageMetrics.MeterName, "rm"))
            .AddRecurringJob<MessageRetentionJob>(MessageRetentionJob.Id, jobs => jobs.Retention.Enabled ? jobs.Retention.Cron : null)
            .AddOperatorAlerts<MessageAttentionFeed>(configuration.GetSection(JobsDefaults.SectionName), "reliable-message");
        return services;
    }
}
