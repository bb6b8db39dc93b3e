namespace Transactions.Scheduling.Options;

/// <summary>
/// Scheduled jobs of a service (section <c>Jobs</c>): Hangfire on the service's own database, the jobs' schedules,
/// and the dashboard at <see cref="DashboardPath"/>.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>
    /// Whether the service runs scheduled jobs. Default: true. Off: no Hangfire server, no recurring jobs, no
    /// dashboard (and no Hangfire tables are touched).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Hangfire workers in this instance. Default: 2.</summary>
    public int WorkerCount { get; set; } = JobsDefaults.WorkerCount;

    /// <summary>How often the instance polls for due recurring jobs and queued work. Default: 15 s.</summary>
    public TimeSpan PollingInterval { get; set; } = JobsDefaults.PollingInterval;

    /// <summary>Schema of Hangfire's tables on PostgreSQL and SQL Server. Default: <c>hangfire</c>.</summary>
    public string SchemaName { get; set; } = JobsDefaults.SchemaName;

    /// <summary>
    /// Whether Hangfire creates or upgrades its schema at start. Default (null): as the service's storage
    /// (<c>Storage:AutoMigrate</c>: on for SQLite, off for PostgreSQL and SQL Server). Off, a DBA installs it.
    /// </summary>
    public bool? PrepareSchema { get; set; }

    /// <summary>Where the dashboard is served. Default: <c>/hangfire</c>.</summary>
    public string DashboardPath { get; set; } = JobsDefaults.DashboardPath;

    /// <summary>The retention job.</summary>
    public RetentionOptions Retention { get; set; } = new();
}
