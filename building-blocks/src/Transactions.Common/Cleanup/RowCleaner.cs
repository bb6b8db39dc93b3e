using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Common.Cleanup;

/// <summary>
/// Base of the SDK cleaners that delete rows older than <see cref="RowCleanerOptions.Retention"/>: a run computes the
/// cutoff, opens a DI scope and lets the derived class delete in batches (<see cref="BatchedDelete"/>); as a hosted
/// service it runs at start and every <see cref="RowCleanerOptions.CleanupInterval"/> (<see cref="RowCleanerLoop"/>),
/// unless another scheduler (Hangfire) runs it.
/// </summary>
/// <typeparam name="TOptions">The cleaner's options.</typeparam>
public abstract partial class RowCleaner<TOptions> : BackgroundService, IRowCleaner
    where TOptions : RowCleanerOptions
{
    private readonly IServiceScopeFactory scopes;
    private readonly IOptionsMonitor<TOptions> options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Creates the cleaner.</summary>
    /// <param name="name">The stable <see cref="IRowCleaner.Name"/>.</param>
    /// <param name="scopes">Creates a scope per run.</param>
    /// <param name="options">Settings (unnamed options).</param>
    /// <param name="timeProvider">Clock for the cutoff and the interval.</param>
    /// <param name="logger">Logger.</param>
    protected RowCleaner(string name, IServiceScopeFactory scopes, IOptionsMonitor<TOptions> options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Name = name;
        this.scopes = scopes;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool Enabled => options.CurrentValue.CleanerEnabled;

    /// <summary>The options in effect now.</summary>
    protected TOptions CurrentOptions => options.CurrentValue;

    /// <summary>The cleaner's clock.</summary>
    protected TimeProvider Clock => timeProvider;

    /// <summary>
    /// Runs one cleanup now: deletes the rows older than now - <see cref="RowCleanerOptions.Retention"/> (strictly
    /// older: a row exactly at the cutoff stays), oldest first, in batches of <see cref="RowCleanerOptions.CleanupBatchSize"/>,
    /// at most <see cref="RowCleanerOptions.MaxBatchesPerCleanup"/> batches. Deletes even when disabled (the loop and the
    /// Hangfire job check <see cref="Enabled"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops between (or during) batches; deleted batches stay deleted.</param>
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> CleanOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var cutoff = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)settings.Retention.TotalMilliseconds;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var result = await BatchedDelete.RunAsync(
                DeleteBatchFor(scope.ServiceProvider, cutoff),
                settings.CleanupBatchSize,
                settings.MaxBatchesPerCleanup,
                cancellationToken).ConfigureAwait(false);
            if (result.Deleted > 0 || result.StoppedAtLimit)
            {
                LogDeleted(logger, Name, result.Deleted, cutoff, result.StoppedAtLimit);
            }

            return result.Deleted;
        }
    }

    /// <summary>
    /// The batch delete of one run: deletes at most the given number of rows older than <paramref name="cutoffUnixMs"/>
    /// (oldest first, one statement) and returns how many it deleted.
    /// </summary>
    /// <param name="services">The run's scope.</param>
    /// <param name="cutoffUnixMs">Rows strictly older than this go (Unix ms).</param>
    /// <returns>The delete.</returns>
    protected abstract Func<int, CancellationToken, Task<int>> DeleteBatchFor(IServiceProvider services, long cutoffUnixMs);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => RowCleanerLoop.RunAsync(this, scopes, () => options.CurrentValue.CleanupInterval, timeProvider, logger, stoppingToken);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information,
        Message = "Cleaner {Cleaner} deleted {Count} rows older than {CutoffUnixMs} (Unix ms); stopped at the batch limit: {StoppedAtLimit}")]
    private static partial void LogDeleted(ILogger logger, string cleaner, int count, long cutoffUnixMs, bool stoppedAtLimit);
}
