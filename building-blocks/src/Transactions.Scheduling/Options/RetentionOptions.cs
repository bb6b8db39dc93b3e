namespace Transactions.Scheduling.Options;

/// <summary>
/// The retention job (<c>Jobs:Retention</c>): finished work older than <see cref="Age"/> is deleted in batches,
/// at most <see cref="MaxRowsPerRun"/> rows per run. What "finished" means is the service's: terminal transactions
/// that need no attention (coordinator); messages every group acknowledged, or rolled back (reliable-message).
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Whether the retention job is registered. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When it runs: a cron expression in UTC. Default: <c>17 * * * *</c> (hourly, at minute 17).</summary>
    public string Cron { get; set; } = JobsDefaults.RetentionCron;

    /// <summary>How long finished work is kept after its last change. Default: 7 days.</summary>
    public TimeSpan Age { get; set; } = JobsDefaults.RetentionAge;

    /// <summary>Rows deleted per statement batch (one local transaction each). Default: 500.</summary>
    public int BatchSize { get; set; } = JobsDefaults.RetentionBatchSize;

    /// <summary>Most rows deleted by one run. Default: 50,000.</summary>
    public int MaxRowsPerRun { get; set; } = JobsDefaults.RetentionMaxRowsPerRun;
}
