using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;

namespace Transactions.Participants.Fence;

/// <summary>
/// Deletes fence rows of <typeparamref name="TContext"/> that reached a final state
/// (<see cref="TccFenceState.Committed"/>, <see cref="TccFenceState.RolledBack"/>,
/// <see cref="TccFenceState.Suspended"/>) longer than <see cref="TccFenceOptions.Retention"/> ago, in
/// batches, at start and then every <see cref="TccFenceOptions.CleanupInterval"/>. Rows in
/// <see cref="TccFenceState.Tried"/> are never deleted. The context comes from a DI scope
/// (<typeparamref name="TContext"/>, or <see cref="IDbContextFactory{TContext}"/> when registered).
/// Also an <see cref="IRowCleaner"/> named <c>tcc-fence:</c> + the context's full type name, so a host that runs
/// its cleaners on Hangfire (<c>Transactions.Participants.Hangfire</c>) runs this one too; the background loop then
/// does not run.
/// </summary>
/// <typeparam name="TContext">The participant's DbContext.</typeparam>
public sealed class TccFenceCleaner<TContext> : BackgroundService, IRowCleaner
    where TContext : DbContext
{
    private static readonly string ContextName = typeof(TContext).Name;
    private static readonly string CleanerName = "tcc-fence:" + TccFenceOptions.NameFor<TContext>();

    private readonly IServiceScopeFactory scopeFactory;
    private readonly IOptionsMonitor<TccFenceOptions> options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Creates the cleaner.</summary>
    /// <param name="scopeFactory">Creates a scope (and a context) per run.</param>
    /// <param name="options">Settings, read by name <see cref="TccFenceOptions.NameFor{TContext}"/>.</param>
    /// <param name="timeProvider">Clock for the cutoff and the interval.</param>
    /// <param name="logger">Logger.</param>
    public TccFenceCleaner(
        IServiceScopeFactory scopeFactory,
        IOptionsMonitor<TccFenceOptions> options,
        TimeProvider timeProvider,
        ILogger<TccFenceCleaner<TContext>> logger)
    {
        ArgumentNullException.ThrowIfNull(scopeFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        this.scopeFactory = scopeFactory;
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <inheritdoc />
    public string Name => CleanerName;

    /// <inheritdoc />
    public bool Enabled => Options.CleanerEnabled;

    private TccFenceOptions Options => options.Get(TccFenceOptions.NameFor<TContext>());

    /// <summary>
    /// Runs one cleanup now: deletes old final-state rows in batches of
    /// <see cref="TccFenceOptions.CleanupBatchSize"/>, at most <see cref="TccFenceOptions.MaxBatchesPerCleanup"/> batches.
    /// </summary>
    /// <param name="cancellationToken">Stops between (or during) batches; deleted batches stay deleted.</param>
    /// <returns>The number of rows deleted.</returns>
    public async Task<int> CleanOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = Options;
        var cutoff = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)settings.Retention.TotalMilliseconds;

        await using var scope = scopeFactory.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetService<IDbContextFactory<TContext>>();
        await using var created = factory is null ? null : await factory.CreateDbContextAsync(cancellationToken);
        var db = created ?? scope.ServiceProvider.GetRequiredService<TContext>();

        var result = await BatchedDelete.RunAsync(
            (size, ct) => db.Set<TccFenceRecord>()
                .Where(r => (r.State == TccFenceState.Committed
                        || r.State == TccFenceState.RolledBack
                        || r.State == TccFenceState.Suspended)
                    && r.UpdatedUnixMs < cutoff)
                .OrderBy(r => r.UpdatedUnixMs)
                .Take(size)
                .ExecuteDeleteAsync(ct),
            settings.CleanupBatchSize,
            settings.MaxBatchesPerCleanup,
            cancellationToken);
        if (result.Deleted > 0)
        {
            logger.CleanerDeleted(ContextName, result.Deleted, cutoff);
        }

        if (result.StoppedAtLimit)
        {
            logger.CleanerBatchLimit(ContextName, settings.MaxBatchesPerCleanup, result.Deleted);
        }

        return result.Deleted;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => RowCleanerLoop.RunAsync(this, scopeFactory, () => Options.CleanupInterval, timeProvider, logger, stoppingToken);
}
