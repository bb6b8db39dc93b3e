namespace Transactions.Participants.Fence;

/// <summary>
/// Settings of the TCC fence registered by <c>services.AddTccFence&lt;TContext&gt;()</c> (named options,
/// one set per DbContext type; validated on start).
/// </summary>
public sealed class TccFenceOptions
{
    /// <summary>
    /// Whether <see cref="TccFenceCleaner{TContext}"/> deletes old rows. Default <see langword="true"/>.
    /// Several instances may clean the same table at once (deletes are idempotent).
    /// </summary>
    public bool CleanerEnabled { get; set; } = TccFenceDefaults.CleanerEnabled;

    /// <summary>
    /// How long rows in a final state (<see cref="TccFenceState.Committed"/>,
    /// <see cref="TccFenceState.RolledBack"/>, <see cref="TccFenceState.Suspended"/>) are kept after their
    /// last change. Default 7 days; must be positive and at most 3,650 days. Rows in
    /// <see cref="TccFenceState.Tried"/> are never deleted. Keep it well above the longest delay a Try
    /// request can have (global transaction timeout plus retries): once a <see cref="TccFenceState.Suspended"/>
    /// row is gone, a Try arriving even later would no longer be refused.
    /// </summary>
    public TimeSpan Retention { get; set; } = TccFenceDefaults.Retention;

    /// <summary>Time between two cleaner runs (the first runs at start). Default 1 hour; between 1 second and 30 days.</summary>
    public TimeSpan CleanupInterval { get; set; } = TccFenceDefaults.CleanupInterval;

    /// <summary>Rows deleted per DELETE statement. Default 1,000; between 1 and 100,000.</summary>
    public int CleanupBatchSize { get; set; } = TccFenceDefaults.CleanupBatchSize;

    /// <summary>
    /// DELETE statements per cleaner run at most (bounds one run; the rest waits for the next one).
    /// Default 100; between 1 and 10,000.
    /// </summary>
    public int MaxBatchesPerCleanup { get; set; } = TccFenceDefaults.MaxBatchesPerCleanup;

    /// <summary>The options name used for <typeparamref name="TContext"/>'s fence (its full type name).</summary>
    /// <typeparam name="TContext">The participant's DbContext.</typeparam>
    /// <returns>The name to pass to <c>IOptionsMonitor&lt;TccFenceOptions&gt;.Get</c> or <c>services.Configure</c>.</returns>
    public static string NameFor<TContext>() => typeof(TContext).FullName ?? typeof(TContext).Name;
}
