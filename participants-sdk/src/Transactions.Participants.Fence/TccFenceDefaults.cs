namespace Transactions.Participants.Fence;

/// <summary>Default values of <see cref="TccFenceOptions"/>.</summary>
public static class TccFenceDefaults
{
    /// <summary>The cleaner runs: <see langword="true"/>.</summary>
    public const bool CleanerEnabled = true;

    /// <summary>Final-state rows are kept 7 days.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    /// <summary>The cleaner runs every hour.</summary>
    public static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement: 1,000.</summary>
    public const int CleanupBatchSize = 1_000;

    /// <summary>Delete statements per run: 100 (so at most 100,000 rows per run by default).</summary>
    public const int MaxBatchesPerCleanup = 100;
}
