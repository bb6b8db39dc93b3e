using Hangfire;
using Transactions.Scheduling.Options;

namespace Transactions.Scheduling.Jobs;

/// <summary>A recurring job the service registers at start: its stable id, its class and its schedule.</summary>
public sealed class RecurringJobDefinition
{
    private readonly Action<IRecurringJobManager, string> _schedule;

    private RecurringJobDefinition(string id, Func<JobsOptions, string?> cron, Action<IRecurringJobManager, string> schedule)
    {
        Id = id;
        Cron = cron;
        _schedule = schedule;
    }

    /// <summary>Stable id: the recurring job's key in Hangfire's storage and on the dashboard, e.g. <c>coordinator.retention</c>.</summary>
    public string Id { get; }

    /// <summary>The cron expression (UTC) from the options, or null when the job is switched off (it is then removed).</summary>
    public Func<JobsOptions, string?> Cron { get; }

    /// <summary>The definition of <typeparamref name="TJob"/> (Hangfire runs it through an internal runner that logs and counts).</summary>
    /// <typeparam name="TJob">The job class, resolved from DI at each run.</typeparam>
    /// <param name="id">Stable id.</param>
    /// <param name="cron">The schedule from the options; null switches the job off.</param>
    /// <returns>The definition.</returns>
    public static RecurringJobDefinition For<TJob>(string id, Func<JobsOptions, string?> cron)
        where TJob : class, IRecurringJob =>
        new(id, cron, (manager, expression) => manager.AddOrUpdate<RecurringJobRunner<TJob>>(
            id,
            runner => runner.RunAsync(id, null, CancellationToken.None),
            expression,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }));

    /// <summary>Adds or updates the recurring job in Hangfire's storage under <see cref="Id"/>.</summary>
    internal void Schedule(IRecurringJobManager manager, string cron) => _schedule(manager, cron);
}
