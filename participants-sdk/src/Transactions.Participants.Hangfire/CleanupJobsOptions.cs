namespace Transactions.Participants.Hangfire;

/// <summary>
/// Settings of the cleanup jobs registered by <c>services.AddHangfireCleanupJobs()</c>, bound from
/// <see cref="SectionName"/> by convention and validated on start.
/// </summary>
public sealed class CleanupJobsOptions
{
    /// <summary>Configuration section by convention.</summary>
    public const string SectionName = "Transactions:CleanupJobs";

    /// <summary>Default <see cref="Cron"/>: every hour at minute 17 (<c>17 * * * *</c>), away from the top of the hour.</summary>
    public const string DefaultCron = "17 * * * *";

    /// <summary>Default <see cref="JobIdPrefix"/>: <c>tx-cleanup:</c>.</summary>
    public const string DefaultJobIdPrefix = "tx-cleanup:";

    /// <summary>
    /// When every cleaner runs: a cron expression (5 fields, or 6 with seconds), in UTC. Default <c>17 * * * *</c>
    /// (hourly). Hangfire refuses a malformed expression when the jobs are registered, at start.
    /// </summary>
    public string Cron { get; set; } = DefaultCron;

    /// <summary>
    /// Per-cleaner cron expressions, by cleaner name (e.g. <c>message-inbox:Shop.ShopDbContext</c>), overriding
    /// <see cref="Cron"/>. Default: none.
    /// </summary>
    public Dictionary<string, string> CronByCleaner { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Prefix of the recurring job ids: a job's id is this prefix and the cleaner's name, e.g.
    /// <c>tx-cleanup:tcc-fence:Orders.OrderDbContext</c>. Default <c>tx-cleanup:</c>; 1 to 50 characters.
    /// </summary>
    public string JobIdPrefix { get; set; } = DefaultJobIdPrefix;

    /// <summary>The Hangfire queue the jobs run on. Default <c>default</c>; lowercase letters, digits, underscores and dashes.</summary>
    public string Queue { get; set; } = "default";

    /// <summary>The recurring job id of a cleaner.</summary>
    /// <param name="cleanerName">The cleaner's name.</param>
    /// <returns><see cref="JobIdPrefix"/> + <paramref name="cleanerName"/>.</returns>
    public string JobIdFor(string cleanerName) => JobIdPrefix + cleanerName;

    /// <summary>The cron expression of a cleaner.</summary>
    /// <param name="cleanerName">The cleaner's name.</param>
    /// <returns>Its entry in <see cref="CronByCleaner"/>, or <see cref="Cron"/>.</returns>
    public string CronFor(string cleanerName) => CronByCleaner.TryGetValue(cleanerName, out var cron) ? cron : Cron;
}
