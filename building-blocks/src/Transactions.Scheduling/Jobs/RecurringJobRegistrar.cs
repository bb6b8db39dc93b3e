using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Scheduling.Options;

namespace Transactions.Scheduling.Jobs;

/// <summary>
/// At start, registers (or updates) every recurring job under its stable id with its schedule from the options, and
/// removes the ones switched off. Every instance does this at start; the ids make it idempotent.
/// </summary>
internal sealed partial class RecurringJobRegistrar(
    IRecurringJobManager manager,
    IEnumerable<RecurringJobDefinition> definitions,
    IOptions<JobsOptions> options,
    ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var definition in definitions)
        {
            var cron = definition.Cron(settings);
            if (cron is null)
            {
                manager.RemoveIfExists(definition.Id);
                LogRemoved(logger, definition.Id);
                continue;
            }

            definition.Schedule(manager, cron);
            LogRegistered(logger, definition.Id, cron);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Recurring job {RecurringJobId} scheduled: {Cron} (UTC)")]
    private static partial void LogRegistered(ILogger logger, string recurringJobId, string cron);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Recurring job {RecurringJobId} is switched off (removed)")]
    private static partial void LogRemoved(ILogger logger, string recurringJobId);
}
