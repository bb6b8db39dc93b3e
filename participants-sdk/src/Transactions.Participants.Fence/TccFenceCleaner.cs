using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Transactions.Participants.Fence;

/// <summary>
/// Deletes fence rows of <typeparamref name="TContext"/> that reached a final state
/// (<see cref="TccFenceState.Committed"/>, <see cref="TccFenceState.RolledBack"/>,
/// <see cref="TccFenceState.Suspended"/>) longer than <see cref="TccFenceOptions.Retention"/> ago, in
/// batches, at start and then every <see cref="TccFenceOptions.CleanupInterval"/>. Rows in
/// <see cref="TccFenceState.Tried"/> are never deleted. The context comes from a DI scope
/// (<typeparamref name="TContext"/>, or <see cref="IDbContextFactory{TContext}"/> when registered).
/// </summary>
/// <typeparam name="TContext">The participant's DbContext.</typeparam>
public sealed class TccFenceCleaner<TContext> : BackgroundService
    where TContext : DbContext
{
    private static readonly string ContextName = typeof(TContext).Name;

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
        var batchSize = settings.CleanupBatchSize;

        await using var scope = scopeFactory.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetService<IDbContextFactory<TContext>>();
        await using var created = factory is null ? null : await factory.CreateDbContextAsync(cancellationToken);
        var db = created ?? scope.ServiceProvider.GetRequiredService<TContext>();

        var total = 0;
        for (var batch = 1; batch <= settings.MaxBatchesPerCleanup; batch++)
        {
            var deleted = await db.Set<TccFenceRecord>()
                .Where(r => (r.State == TccFenceState.Committed
                        || r.State == TccFenceState.RolledBack
                        || r.State == TccFenceState.Suspended)
                    && r.UpdatedUnixMs < cutoff)
                .OrderBy(r => r.UpdatedUnixMs)
                .Take(batchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize)
            {
                if (total > 0)
                {
                    logger.CleanerDeleted(ContextName, total, cutoff);
                }

                return total;
            }
        }

        logger.CleanerDeleted(ContextName, total, cutoff);
        logger.CleanerBatchLimit(ContextName, settings.MaxBatchesPerCleanup, total);
        return total;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.CleanerEnabled)
        {
            logger.CleanerDisabled(ContextName);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.CleanerFailed(ex, ContextName);
            }

            try
            {
                await Task.Delay(Options.CleanupInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
