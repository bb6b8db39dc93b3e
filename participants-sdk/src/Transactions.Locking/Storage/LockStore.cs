using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Transactions.Locking;

/// <summary>
/// The lock table through raw ADO.NET (<see cref="DbDataSource"/>): one pooled connection and one autocommit
/// statement per operation, so every operation is atomic on its own.
/// </summary>
internal sealed class LockStore : IAsyncDisposable
{
    /// <summary>
    /// SQLite answers SQLITE_BUSY / SQLITE_LOCKED at once (without its busy handler) when two connections upgrade to
    /// writing at the same moment; the statement did not take effect, so it is run again after a short jittered pause.
    /// </summary>
    private static readonly ResiliencePipeline SqliteBusyRetry =
        RerunWhen<SqliteException>(e => e.SqliteErrorCode is SqliteBusy or SqliteLocked, attempts: 20, TimeSpan.FromMilliseconds(200));

    /// <summary>
    /// SQL Server may pick one of two statements that wait for each other's key-range locks (two acquirers of the same
    /// new resource in the MERGE) as a deadlock victim (error 1205): its statement was rolled back, so it is run again.
    /// </summary>
    private static readonly ResiliencePipeline SqlServerDeadlockRetry =
        RerunWhen<SqlException>(e => e.Number == SqlServerDeadlockVictim, attempts: 5, TimeSpan.FromMilliseconds(100));

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqlServerDeadlockVictim = 1205;
    private const int SqlServerObjectExists = 2714;

    private readonly DbDataSource _dataSource;
    private readonly ResiliencePipeline _retry;
    private readonly LockSql _sql;
    private readonly bool _createSchema;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    private LockStore(DbDataSource dataSource, LockSql sql, bool createSchema, ResiliencePipeline retry)
    {
        _dataSource = dataSource;
        _retry = retry;
        _sql = sql;
        _createSchema = createSchema;
    }

    /// <summary>Creates the store for validated <paramref name="options"/>.</summary>
    public static LockStore Create(DistributedLockOptions options)
    {
        var sql = new LockSql(options.TableName, options.Provider);
        if (string.Equals(options.Provider, DistributedLockProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            return new LockStore(NpgsqlDataSource.Create(options.ConnectionString), sql, options.CreateSchema, ResiliencePipeline.Empty);
        }

        return string.Equals(options.Provider, DistributedLockProviders.SqlServer, StringComparison.OrdinalIgnoreCase)
            ? new LockStore(SqlClientFactory.Instance.CreateDataSource(options.ConnectionString), sql, options.CreateSchema, SqlServerDeadlockRetry)
            : new LockStore(SqliteFactory.Instance.CreateDataSource(options.ConnectionString), sql, options.CreateSchema, SqliteBusyRetry);
    }

    /// <summary>Creates the table once per store when <see cref="DistributedLockOptions.CreateSchema"/> is set.</summary>
    public async ValueTask EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady || !_createSchema)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = _sql.CreateTable;
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
                // Another process created the table at the same moment: IF NOT EXISTS is not atomic in PostgreSQL.
            }
            catch (SqlException e) when (e.Number == SqlServerObjectExists)
            {
                // The same race on SQL Server (OBJECT_ID checked before the other process's CREATE committed).
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>Takes the lease when it is free or expired at <paramref name="nowMs"/>.</summary>
    /// <returns>The new fencing token, or <see langword="null"/> when a live lease holds the resource.</returns>
    public Task<long?> TryAcquireAsync(string resource, string owner, long nowMs, long expiresMs, CancellationToken cancellationToken) =>
        RunAsync(
            _sql.Acquire,
            [("resource", resource), ("owner", owner), ("now", nowMs), ("expires", expiresMs)],
            static async (command, ct) => await command.ExecuteScalarAsync(ct) is long token ? token : (long?)null,
            cancellationToken);

    /// <summary>Extends the lease of this acquisition to <paramref name="expiresMs"/> if it is still live at <paramref name="nowMs"/>.</summary>
    /// <returns>Whether the lease was extended.</returns>
    public Task<bool> RenewAsync(string resource, string owner, long token, long nowMs, long expiresMs, CancellationToken cancellationToken) =>
        RunAsync(
            _sql.Renew,
            [("resource", resource), ("owner", owner), ("token", token), ("now", nowMs), ("expires", expiresMs)],
            static async (command, ct) => await command.ExecuteNonQueryAsync(ct) == 1,
            cancellationToken);

    /// <summary>Frees the lease of this acquisition.</summary>
    /// <returns>Whether it was still ours (false: it had expired and another owner took it).</returns>
    public Task<bool> ReleaseAsync(string resource, string owner, long token, CancellationToken cancellationToken) =>
        RunAsync(
            _sql.Release,
            [("resource", resource), ("owner", owner), ("token", token)],
            static async (command, ct) => await command.ExecuteNonQueryAsync(ct) == 1,
            cancellationToken);

    /// <summary>Reads the row of <paramref name="resource"/>.</summary>
    /// <returns>The row, or <see langword="null"/> when the resource was never locked.</returns>
    public async Task<LockRow?> ReadAsync(string resource, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await RunAsync(
            _sql.Read,
            [("resource", resource)],
            static async (command, ct) =>
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (!await reader.ReadAsync(ct))
                {
                    return null;
                }

                return new LockRow(await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaGate.Dispose();
    }

    /// <summary>Runs a statement again (jittered exponential pause from 5 ms) when it failed with <typeparamref name="TException"/> matching <paramref name="retryable"/>.</summary>
    private static ResiliencePipeline RerunWhen<TException>(Func<TException, bool> retryable, int attempts, TimeSpan maxDelay)
        where TException : Exception =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle(retryable),
                MaxRetryAttempts = attempts,
                Delay = TimeSpan.FromMilliseconds(5),
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();

    private async Task<T> RunAsync<T>(
        string sql,
        (string Name, object Value)[] parameters,
        Func<DbCommand, CancellationToken, Task<T>> execute,
        CancellationToken cancellationToken)
    {
        return await _retry.ExecuteAsync(
            async ct =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct);
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@" + name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                return await execute(command, ct);
            },
            cancellationToken);
    }
}
