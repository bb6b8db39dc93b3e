using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Transactions.Storage.Providers;

/// <summary>
/// Makes SQLite usable by several connections at once: write-ahead logging (readers never block the
/// writer) and a busy timeout handled inside SQLite (short native back-off instead of failing with
/// "database is locked"). Runs on every open; both pragmas are cheap no-ops once in effect.
/// </summary>
internal sealed class SqliteConnectionInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    private readonly string _pragmas = $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA journal_mode = WAL;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
