using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage.Model;
using Transactions.Coordinator.Storage.Providers;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// <see cref="ITransactionStore"/> on EF Core (SQLite, PostgreSQL, SQL Server). Every call uses its own
/// short-lived pooled context; reads are not tracked; state changes are conditional updates whose
/// affected-row count decides, and every multi-statement change runs in one local transaction.
/// </summary>
/// <remarks>
/// <para>
/// Portable path (SQLite, SQL Server): <c>ExecuteUpdate</c> compare-and-set first (it locks the global row
/// on SQL Server, the whole database on SQLite, until commit), then the dependent rows through
/// <c>SaveChanges</c> (one batch), in an explicit transaction.
/// </para>
/// <para>
/// PostgreSQL: the hot writes (register, transition, phase-2 round, claim, append) are each a single
/// statement, see <see cref="PostgreSqlCommands"/>, and Begin is one batch without BEGIN/COMMIT (Npgsql runs
/// a batch in one implicit transaction): one round trip per call instead of three.
/// </para>
/// Both paths run the same compliance suite (tests/Transactions.Storage.Compliance.Tests).
/// </remarks>
public sealed partial class EfTransactionStore : ITransactionStore, IAsyncDisposable, IDisposable
{
    private readonly IDbContextFactory<CoordinatorDbContext> _contexts;
    private readonly ILogger<EfTransactionStore> _logger;
    private readonly bool _postgreSql;
    private readonly IPostgreSqlStatementRunner _statements;
    private readonly WriteGate _writes;

    /// <summary>Creates the store.</summary>
    /// <param name="contextFactory">Factory of contexts configured with <c>UseCoordinatorStorage</c>.</param>
    /// <param name="options">The storage options (group commit on PostgreSQL).</param>
    /// <param name="logger">Logger.</param>
    public EfTransactionStore(IDbContextFactory<CoordinatorDbContext> contextFactory, IOptions<CoordinatorStorageOptions> options, ILogger<EfTransactionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(contextFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _contexts = contextFactory;
        _logger = logger;
        using var context = contextFactory.CreateDbContext();
        _postgreSql = context.Database.IsNpgsql();
        _writes = context.Database.IsSqlite() ? WriteGate.Single() : WriteGate.None;
        var settings = options.Value;
        _statements = _postgreSql && settings.GroupCommit
            ? new PostgreSqlGroupCommit(contextFactory, settings.GroupCommitMaxStatements, settings.GroupCommitConnections, logger)
            : new PostgreSqlDirectRunner(contextFactory);
    }

    /// <summary>Sends the statements still queued for group commit, then stops.</summary>
    public ValueTask DisposeAsync() => _statements is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>As <see cref="DisposeAsync"/>, blocking (for containers disposed synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>After a failed insert of a transaction with an idempotency key: the transaction holding that key, or the failure.</summary>
    private async Task<BeginOutcome> ExistingOrThrowAsync(GlobalTransaction transaction, Exception failure, CancellationToken cancellationToken)
    {
        var existing = await FindByIdempotencyKeyAsync(transaction.ApplicationId, transaction.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // Not a duplicate key after all: report the original failure.
            ExceptionDispatchInfo.Throw(failure);
        }

        LogBeginReplayed(_logger, existing.Xid, transaction.IdempotencyKey);
        return new BeginOutcome(existing, Created: false);
    }

    /// <summary>
    /// Inserts a new global transaction and its dependent rows (added by <paramref name="addDependents"/>) in one
    /// local transaction; when its (application, idempotency key) exists, returns the existing one instead.
    /// </summary>
    private async Task<BeginOutcome> InsertIdempotentAsync(GlobalTransaction transaction, Action<CoordinatorDbContext> addDependents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        DbUpdateException failure;
        using (await _writes.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                if (_postgreSql)
                {
                    // Every insert goes in one batch, which Npgsql runs as one implicit transaction.
                    context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
                }

                context.GlobalTransactions.Add(transaction);
                context.Entry(transaction).Property(GlobalTransactionConfiguration.ApplicationKeyProperty).CurrentValue = ApplicationKey(transaction.ApplicationId);
                addDependents(context);
                try
                {
                    await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    return new BeginOutcome(transaction, Created: true);
                }
                catch (DbUpdateException ex) when (transaction.IdempotencyKey is not null)
                {
                    // Most likely the idempotency key's unique index: a retried call. Checked below.
                    failure = ex;
                }
            }
        }

        return await ExistingOrThrowAsync(transaction, failure, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GlobalTransaction?> FindByIdempotencyKeyAsync(string? applicationId, string? key, CancellationToken cancellationToken)
    {
        var applicationKey = ApplicationKey(applicationId);
        var context = await _contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await context.GlobalTransactions.AsNoTracking()
                .Where(g => EF.Property<string>(g, GlobalTransactionConfiguration.ApplicationKeyProperty) == applicationKey && g.IdempotencyKey == key)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ApplicationKey(string? applicationId) => applicationId ?? string.Empty;

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Begin replayed: idempotency key {IdempotencyKey} belongs to transaction {Xid}")]
    private static partial void LogBeginReplayed(ILogger logger, long xid, string? idempotencyKey);
}
