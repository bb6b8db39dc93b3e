using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Transactions.ReliableMessage.Producer.Barrier;

/// <summary>
/// Reads and writes barrier rows with plain SQL through the context's connection and current transaction, so the
/// caller's change tracker is left alone and the row lock is taken at once. Table and column names come from the
/// context's model (<c>AddMessageBarrier</c>).
/// </summary>
/// <remarks>
/// The local transaction inserts the "committed" row first; a back-check inserts "rolled back" when it finds no
/// row. Both insert the same primary key, so whichever comes second fails (or, on PostgreSQL and SQL Server,
/// waits for the first transaction and then fails): a local transaction that commits after the back-check answered
/// Rollback fails instead of committing, and a back-check never answers Rollback for a transaction that committed.
/// </remarks>
public static class MessageBarrier
{
    /// <summary>Tries of <see cref="ResolveAsync"/> before it gives up (the service checks again later): about 5 s.</summary>
    private const int MaxResolveAttempts = 25;

    /// <summary>Tracks a "committed" barrier row in <paramref name="db"/>: the next <c>SaveChanges</c> inserts it with the business rows.</summary>
    /// <param name="db">The producer's context.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="producerGroup">The producer application.</param>
    /// <param name="nowUnixMs">Current time.</param>
    public static void Add(DbContext db, long messageId, string producerGroup, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(db);
        _ = Names.Of(db);
        db.Set<MessageBarrierRecord>().Add(new MessageBarrierRecord
        {
            MessageId = messageId,
            ProducerGroup = producerGroup,
            State = MessageBarrierState.Committed,
            CreatedUnixMs = nowUnixMs,
        });
    }

    /// <summary>Inserts a barrier row in the context's current transaction (if any).</summary>
    /// <param name="db">The producer's context.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="producerGroup">The producer application.</param>
    /// <param name="state">What the row says.</param>
    /// <param name="nowUnixMs">Current time.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task InsertAsync(DbContext db, long messageId, string producerGroup, MessageBarrierState state, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = Names.Of(db);
        var sql = $"INSERT INTO {names.Table} ({names.MessageId}, {names.ProducerGroup}, {names.State}, {names.CreatedUnixMs}) VALUES ({{0}}, {{1}}, {{2}}, {{3}})";
        await db.Database.ExecuteSqlRawAsync(sql, [messageId, producerGroup, (int)state, nowUnixMs], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The state of a barrier row, or null when there is none.</summary>
    /// <param name="db">The producer's context.</param>
    /// <param name="messageId">The message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The state or null.</returns>
    public static async Task<MessageBarrierState?> FindAsync(DbContext db, long messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var state = await db.Set<MessageBarrierRecord>().AsNoTracking()
            .Where(r => r.MessageId == messageId)
            .Select(r => (MessageBarrierState?)r.State)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return state;
    }

    /// <summary>
    /// The back-check's answer: the state of the barrier row, after inserting a "rolled back" row when there was
    /// none (so the answer is final). Writes in autocommit mode on <paramref name="db"/>.
    /// </summary>
    /// <param name="db">A fresh context of the producer (no current transaction).</param>
    /// <param name="messageId">The message.</param>
    /// <param name="producerGroup">The producer application.</param>
    /// <param name="nowUnixMs">Current time.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Committed or RolledBack.</returns>
    public static async Task<MessageBarrierState> ResolveAsync(DbContext db, long messageId, string producerGroup, long nowUnixMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var delay = TimeSpan.FromMilliseconds(20);
        for (var attempt = 1; ; attempt++)
        {
            if (await FindAsync(db, messageId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                return existing;
            }

            try
            {
                // One statement in autocommit mode (no explicit transaction: on SQLite a deferred transaction that
                // read first would wait for the local transaction's commit while blocking it). PostgreSQL and SQL
                // Server wait here for a local transaction that inserted the committed row and has not finished
                // yet, then fail on the key if it committed.
                await InsertAsync(db, messageId, producerGroup, MessageBarrierState.RolledBack, nowUnixMs, cancellationToken).ConfigureAwait(false);
                return MessageBarrierState.RolledBack;
            }
            catch (DbException) when (attempt < MaxResolveAttempts)
            {
                // The key (the local transaction committed first: read again), or SQLite's "database is locked" while
                // a local transaction holds the write lock (it gives up at once rather than deadlock): wait, read again.
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    private sealed record Names(string Table, string MessageId, string ProducerGroup, string State, string CreatedUnixMs)
    {
        public static Names Of(DbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(MessageBarrierRecord))
                ?? throw new InvalidOperationException($"{db.GetType().Name} has no message barrier: call modelBuilder.AddMessageBarrier() in its OnModelCreating.");
            var sql = db.GetService<ISqlGenerationHelper>();
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);
            return new Names(
                sql.DelimitIdentifier(table.Name, table.Schema),
                Column(nameof(MessageBarrierRecord.MessageId)),
                Column(nameof(MessageBarrierRecord.ProducerGroup)),
                Column(nameof(MessageBarrierRecord.State)),
                Column(nameof(MessageBarrierRecord.CreatedUnixMs)));
        }
    }
}
