using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>Runs one of <see cref="PostgreSqlCommands"/>' statements, each atomic on its own.</summary>
internal interface IPostgreSqlStatementRunner
{
    /// <summary>
    /// Runs <paramref name="sql"/> and answers what <paramref name="read"/> makes of its result set, once the
    /// statement is durable.
    /// </summary>
    /// <param name="xid">The global transaction whose rows the statement locks (0 for none).</param>
    /// <param name="sql">The statement.</param>
    /// <param name="parameters">Its parameters (used once).</param>
    /// <param name="read">Reads the statement's single result set.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    Task<T> RunAsync<T>(long xid, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken);
}
