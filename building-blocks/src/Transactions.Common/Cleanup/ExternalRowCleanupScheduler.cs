namespace Transactions.Common.Cleanup;

/// <summary>
/// Registered (as a singleton) when something other than the SDKs' background loops runs the
/// <see cref="IRowCleaner"/>s, e.g. Hangfire recurring jobs: <see cref="RowCleanerLoop"/> then does not run, so a
/// table is not cleaned by two schedulers.
/// </summary>
/// <param name="name">What runs the cleaners (for the logs), e.g. "Hangfire".</param>
public sealed class ExternalRowCleanupScheduler(string name)
{
    /// <summary>What runs the cleaners.</summary>
    public string Name { get; } = name;
}
