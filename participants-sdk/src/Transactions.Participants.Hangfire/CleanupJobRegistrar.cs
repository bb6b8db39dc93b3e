using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;

namespace Transactions.Participants.Hangfire;

/// <summary>
/// At start, adds or updates one Hangfire recurring job per registered <see cref="IRowCleaner"/>, with the stable id
/// <see cref="CleanupJobsOptions.JobIdFor"/> (so every instance of the service writes the same jobs, and Hangfire runs
/// each occurrence once).
/// </summary>
/// <param name="cleaners">Every cleaner the service registered.</param>
/// <param name="services">Where the host's <see cref="IRecurringJobManager"/> is (<c>AddHangfire</c> registers it).</param>
/// <param name="options">Settings.</param>
/// <param name="logger">Logger.</param>
public sealed partial class CleanupJobRegistrar(
    IEnumerable<IRowCleaner> cleaners,
    IServiceProvider services,
    IOptions<CleanupJobsOptions> options,
    ILogger<CleanupJobRegistrar> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var manager = services.GetService(typeof(IRecurringJobManager)) as IRecurringJobManager
            ?? throw new InvalidOperationException(
                "AddHangfireCleanupJobs needs Hangfire in the host: call services.AddHangfire(c => c.Use...Storage(...)) "
                + "(Hangfire.NetCore or Hangfire.AspNetCore) and services.AddHangfireServer().");
        var settings = options.Value;
        foreach (var cleaner in cleaners)
        {
            var name = cleaner.Name;
            var id = settings.JobIdFor(name);
            var cron = settings.CronFor(name);
            manager.AddOrUpdate<CleanupJob>(
                id,
                settings.Queue,
                job => job.RunAsync(name, CancellationToken.None),
                cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            LogRegistered(logger, id, cron);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information, Message = "Cleanup job {JobId} registered with Hangfire (cron {Cron}, UTC)")]
    private static partial void LogRegistered(ILogger logger, string jobId, string cron);
}
