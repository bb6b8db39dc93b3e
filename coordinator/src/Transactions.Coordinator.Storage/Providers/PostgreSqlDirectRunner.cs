using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Transactions.Coordinator.Storage.Providers;

/// <summary>
/// Runs each statement on its own pooled connection, its own implicit transaction and commit: the path when
/// group commit is turned off (<see cref="CoordinatorStorageOptions.GroupCommit"/>).
/// </summary>
internal sealed class PostgreSqlDirectRunner(IDbContextFactory<CoordinatorDbContext> contexts) : IPostgreSqlStatementRunner
{
    /// <inheritdoc />
    public async Task<T> RunAsync<T>(long xid, string sql, NpgsqlParameter[] parameters, Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (context.ConfigureAwait(false))
        {
            return await PostgreSqlCommands.RunAsync(
                context,
                sql,
                parameters,
                async (command, ct) =>
                {
                    var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await read(reader, ct).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
