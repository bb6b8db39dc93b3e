namespace Transactions.Common.Cleanup;

/// <summary>
/// Settings every SDK row cleaner shares (the message barrier's and the message inbox's options derive from it):
/// on/off, interval of the background loop, batch size and the bound of one run. How old a row must be is the
/// derived class's own setting, with its own safety rule.
/// </summary>
public abstract class RowCleanerOptions
{
    /// <summary>Default <see cref="CleanupInterval"/>: 1 hour.</summary>
    public static readonly TimeSpan DefaultCleanupInterval = TimeSpan.FromHours(1);

    /// <summary>Default <see cref="CleanupBatchSize"/>: 1,000.</summary>
    public const int DefaultCleanupBatchSize = 1_000;

    /// <summary>Default <see cref="MaxBatchesPerCleanup"/>: 100 (at most 100,000 rows per run).</summary>
    public const int DefaultMaxBatchesPerCleanup = 100;

    /// <summary>How old a row must be before it is deleted: each cleaner documents its default and its safety rule.</summary>
    public abstract TimeSpan Retention { get; set; }

    /// <summary>
    /// Whether the cleaner deletes at all (its background loop and its Hangfire job). Default <see langword="true"/>.
    /// Several instances may clean the same table at once (deletes are idempotent).
    /// </summary>
    public bool CleanerEnabled { get; set; } = true;

    /// <summary>
    /// Time between two runs of the background loop (the first runs at start); not used when Hangfire runs the
    /// cleaner (its cron expression decides). Default 1 hour; between 1 second and 30 days.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = DefaultCleanupInterval;

    /// <summary>Rows deleted per DELETE statement. Default 1,000; between 1 and 100,000.</summary>
    public int CleanupBatchSize { get; set; } = DefaultCleanupBatchSize;

    /// <summary>DELETE statements per run at most (the rest waits for the next run). Default 100; between 1 and 10,000.</summary>
    public int MaxBatchesPerCleanup { get; set; } = DefaultMaxBatchesPerCleanup;

    /// <summary>The shortest <see cref="Retention"/> that keeps the cleaner's safety rule with the current settings.</summary>
    /// <returns>The minimum.</returns>
    public abstract TimeSpan MinimumRetention();

    /// <summary>
    /// Checks every setting and the safety rule (<see cref="Retention"/> between <see cref="MinimumRetention"/> and
    /// 3,650 days).
    /// </summary>
    /// <param name="prefix">The options' name for the messages, e.g. "MessageBarrierCleanerOptions".</param>
    /// <returns>The failures; empty when valid.</returns>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var failures = new List<string>();
        if (CleanupInterval < TimeSpan.FromSeconds(1) || CleanupInterval > TimeSpan.FromDays(30))
        {
            failures.Add($"{prefix}.CleanupInterval must be between 1 second and 30 days (was {CleanupInterval}).");
        }

        if (CleanupBatchSize is < 1 or > 100_000)
        {
            failures.Add($"{prefix}.CleanupBatchSize must be between 1 and 100000 (was {CleanupBatchSize}).");
        }

        if (MaxBatchesPerCleanup is < 1 or > 10_000)
        {
            failures.Add($"{prefix}.MaxBatchesPerCleanup must be between 1 and 10000 (was {MaxBatchesPerCleanup}).");
        }

        ValidateOwn(failures, prefix);
        if (Retention > TimeSpan.FromDays(3650))
        {
            failures.Add($"{prefix}.Retention must be at most 3650 days (was {Retention}).");
        }
        else if (failures.Count == 0 && Retention < MinimumRetention())
        {
            failures.Add($"{prefix}.Retention ({Retention}) is shorter than {ExplainMinimumRetention()} ({MinimumRetention()} in all): {UnsafeBecause}");
        }

        return failures;
    }

    /// <summary>What a too-short retention would break, for the validation message.</summary>
    protected abstract string UnsafeBecause { get; }

    /// <summary>What <see cref="MinimumRetention"/> is made of, with the values, for the validation message.</summary>
    /// <returns>E.g. "the service's back-check window (00:26:40) plus the 1-day margin".</returns>
    protected abstract string ExplainMinimumRetention();

    /// <summary>Adds a failure per own setting out of range (called before the safety rule is checked).</summary>
    /// <param name="failures">Where failures go.</param>
    /// <param name="prefix">The options' name for the messages.</param>
    protected abstract void ValidateOwn(ICollection<string> failures, string prefix);
}
