using System.Data.Common;

namespace Transactions.Locking.Tests.Infrastructure;

/// <summary>A clean database for one test: the provider name, its connection string and raw connections.</summary>
public abstract class LockDatabase : IAsyncDisposable
{
    /// <summary>The <see cref="DistributedLockOptions.Provider"/> value.</summary>
    public abstract string Provider { get; }

    /// <summary>Connection string of the clean database.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Opens a raw connection (for the protected table of the fencing tests and for direct checks).</summary>
    public abstract Task<DbConnection> OpenAsync();

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Runs one statement and returns the rows affected.</summary>
    public Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters) =>
        RunAsync(sql, parameters, command => command.ExecuteNonQueryAsync());

    /// <summary>Runs one query returning a single number.</summary>
    public Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters) =>
        RunAsync(sql, parameters, async command =>
            Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));

    private async Task<T> RunAsync<T>(string sql, (string Name, object Value)[] parameters, Func<DbCommand, Task<T>> execute)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await execute(command);
    }
}
