using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// Group commit for the coordinator's PostgreSQL hot path: the statements concurrent callers hand in while a
/// batch is on its way are sent together as the next batch (one round trip, one implicit transaction, one
/// commit and WAL flush for all of them), and every caller is answered only after its batch has committed.
/// </summary>
/// <remarks>
/// <para>
/// No timer: a statement that arrives when a connection is idle leaves at once, so a lone caller pays no extra
/// latency; batches grow only with load, while earlier batches are in flight. Each statement is one of
/// <see cref="PostgreSqlCommands"/>' conditional statements, atomic on its own; putting several in one database
/// transaction changes no outcome, it only makes them durable together.
/// </para>
/// <para>
/// Statements are sent in xid order (stable, so two for the same xid keep their arrival order): every statement
/// locks rows of one global transaction, so concurrent batches (other connections, other coordinator instances)
/// take row locks in the same order and cannot deadlock one another.
/// </para>
/// <para>
/// Failures: when the server rejects a statement (a unique violation of a replayed Begin, say), PostgreSQL has
/// rolled the whole batch back, nothing of it is durable; each statement then runs again on its own and its
/// caller gets its own answer. When the connection fails, the outcome of the batch is unknown, exactly as for
/// a single statement whose answer was lost: every caller gets the error, and the connection is replaced.
/// </para>
/// </remarks>
internal sealed partial class PostgreSqlGroupCommit : IPostgreSqlStatementRunner, IAsyncDisposable
{
    private readonly Channel<PendingStatement> _queue = Channel.CreateUnbounded<PendingStatement>(
        new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = false });

    private readonly IDbContextFactory<CoordinatorDbContext> _contexts;
    private readonly ILogger _logger;
    private readonly int _maxStatements;
    private readonly Task[] _senders;

    /// <summary>Starts <paramref name="connections"/> senders.</summary>
    /// <param name="contexts">Where connections come from (each sender keeps one open).</param>
    /// <param name="maxStatements">Most statements in one batch.</param>
    /// <param name="connections">How many batches may be in flight at once.</param>
    /// <param name="logger">Logger.</param>
    public PostgreSqlGroupCommit(IDbContextFactory<CoordinatorDbContext> contexts, int maxStatements, int connections, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStatements, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        _contexts = contexts;
        _logger = logger;
        _maxStatements = maxStatements;
        _senders = new Task[connections];
        for (var i = 0; i < connections; i++)
        {
            _senders[i] = Task.Run(SendAsync);
        }
    }

    /// <inheritdoc />
    public Task<T> RunAsync<T>(long xid, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingStatement<T>(xid, sql, parameters, read, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PostgreSqlGroupCommit), "The coordinator's store is shutting down.");
        }

        // The caller may stop waiting; its statement is then either not sent or sent with its batch (the same
        // as a single statement whose caller went away mid-flight: the outcome is unknown to that caller).
        return cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task;
    }

    /// <summary>Sends what is queued when the shutdown starts, then stops the senders.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_senders).ConfigureAwait(false);
    }

    private async Task SendAsync()
    {
        var batch = new List<PendingStatement>(_maxStatements);
        CoordinatorDbContext? context = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxStatements && _queue.Reader.TryRead(out var pending))
                {
                    if (pending.CancellationToken.IsCancellationRequested)
                    {
                        pending.Cancel();
                    }
                    else
                    {
                        batch.Add(pending);
                    }
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                try
                {
                    context ??= await _contexts.CreateDbContextAsync().ConfigureAwait(false);
                    await SendBatchAsync(context, batch).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Connection lost, time-out, or no connection at all: the batch's outcome is unknown to
                    // its callers, as a lost answer would be. Start again on a fresh connection.
                    LogBatchFailed(_logger, batch.Count, ex);
                    foreach (var pending in batch)
                    {
                        pending.Fail(ex);
                    }

                    if (context is not null)
                    {
                        await context.DisposeAsync().ConfigureAwait(false);
                        context = null;
                    }
                }
            }
        }
        finally
        {
            if (context is not null)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task SendBatchAsync(CoordinatorDbContext context, List<PendingStatement> batch)
    {
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync().ConfigureAwait(false);
        }

        if (batch.Count > 1)
        {
            // Stable: statements for the same xid keep their arrival order.
            var ordered = batch.OrderBy(p => p.Xid).ToArray();
            batch.Clear();
            batch.AddRange(ordered);
        }

        PostgresException rejected;
        try
        {
            await ExecuteAsync(context, connection, batch).ConfigureAwait(false);
            foreach (var pending in batch)
            {
                pending.Complete();
            }

            return;
        }
        catch (PostgresException ex)
        {
            // The server refused a statement: the batch's implicit transaction rolled back, nothing of it is
            // durable, and the connection is ready for the next command.
            if (batch.Count == 1)
            {
                batch[0].Fail(ex);
                return;
            }

            rejected = ex;
        }

        LogBatchRejected(_logger, batch.Count, rejected.SqlState, rejected.MessageText);
        foreach (var pending in batch)
        {
            try
            {
                await ExecuteAsync(context, connection, [pending]).ConfigureAwait(false);
                pending.Complete();
            }
            catch (PostgresException ex)
            {
                pending.Fail(ex);
            }
        }
    }

    private static async Task ExecuteAsync(CoordinatorDbContext context, NpgsqlConnection connection, IReadOnlyList<PendingStatement> statements)
    {
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            if (context.Database.GetCommandTimeout() is { } timeout)
            {
                batch.Timeout = timeout;
            }

            foreach (var pending in statements)
            {
                var command = new NpgsqlBatchCommand(pending.Sql);
                command.Parameters.AddRange(pending.Parameters);

                batch.BatchCommands.Add(command);
            }

            try
            {
                var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    for (var i = 0; i < statements.Count; i++)
                    {
                        if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
                        {
                            throw new InvalidOperationException($"The batch answered {i} result sets for {statements.Count} statements.");
                        }

                        await statements[i].ReadAsync(reader, CancellationToken.None).ConfigureAwait(false);
                    }
                }

                // Disposing the reader consumed the batch up to ReadyForQuery: the implicit transaction committed
                // (an error at commit would have been thrown above).
            }
            finally
            {
                // A parameter belongs to one collection at a time: free them for a statement that runs again alone.
                foreach (var command in batch.BatchCommands)
                {
                    command.Parameters.Clear();
                }
            }
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "A group-commit batch of {Count} statements was refused ({SqlState}: {Reason}); each runs on its own")]
    private static partial void LogBatchRejected(ILogger logger, int count, string sqlState, string reason);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "A group-commit batch of {Count} statements failed; its callers get the error")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
