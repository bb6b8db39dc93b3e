namespace Transactions.Scheduling.Options;

/// <summary>Defaults of <see cref="JobsOptions"/> and <see cref="RetentionOptions"/>.</summary>
public static class JobsDefaults
{
    /// <summary>The configuration section: <c>Jobs</c>.</summary>
    public const string SectionName = "Jobs";

    /// <summary>Hangfire workers per instance: 2 (the jobs are short, batched housekeeping).</summary>
    public const int WorkerCount = 2;

    /// <summary>How often an instance looks for due recurring jobs and queued work: 15 s.</summary>
    public static readonly TimeSpan PollingInterval = TimeSpan.FromSeconds(15);

    /// <summary>Schema of Hangfire's tables on PostgreSQL and SQL Server: <c>hangfire</c>.</summary>
    public const string SchemaName = "hangfire";

    /// <summary>The dashboard's path: <c>/hangfire</c>.</summary>
    public const string DashboardPath = "/hangfire";

    /// <summary>Retention runs every hour at minute 17 (UTC): <c>17 * * * *</c>.</summary>
    public const string RetentionCron = "17 * * * *";

    /// <summary>Finished work older than this goes: 7 days.</summary>
    public static readonly TimeSpan RetentionAge = TimeSpan.FromDays(7);

    /// <summary>Rows (transactions or messages) deleted per statement batch: 500.</summary>
    public const int RetentionBatchSize = 500;

    /// <summary>Most rows (transactions or messages) deleted per run: 50,000; the rest waits for the next run.</summary>
    public const int RetentionMaxRowsPerRun = 50_000;
}
