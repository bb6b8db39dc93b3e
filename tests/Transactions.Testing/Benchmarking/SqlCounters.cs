using System.Globalization;
using Npgsql;

namespace Transactions.Testing.Benchmarking;

/// <summary>
/// Statements and commits on one PostgreSQL database (a service's) during one run, from pg_stat_statements
/// (when the server preloads it: ./build.sh starts it so) and pg_stat_database.
/// </summary>
public sealed class SqlCounters
{
    private readonly string _connectionString;
    private readonly string _database;
    private readonly bool _statements;
    private long _commitsAtStart;

    private SqlCounters(string connectionString, string database, bool statements)
    {
        _connectionString = connectionString;
        _database = database;
        _statements = statements;
    }

    /// <summary>Prepares counting on <paramref name="database"/> (creates the extension when the server has it).</summary>
    public static async Task<SqlCounters> CreateAsync(string connectionString, string database)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var statements = false;
        try
        {
            await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT count(*) FROM pg_stat_statements", connection);
            await create.ExecuteScalarAsync();
            statements = true;
        }
        catch (PostgresException)
        {
            // Not preloaded: commits only.
        }

        return new SqlCounters(connectionString, database, statements);
    }

    /// <summary>Starts counting.</summary>
    public async Task StartAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        if (_statements)
        {
            await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
            await reset.ExecuteNonQueryAsync();
        }

        _commitsAtStart = await CommitsAsync(connection);
    }

    /// <summary>Per operation since <see cref="StartAsync"/>: statements, commits, and the 4 busiest statements.</summary>
    public async Task<string> ReportAsync(int operations)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var commits = await CommitsAsync(connection) - _commitsAtStart;
        var text = string.Create(CultureInfo.InvariantCulture, $"commits {commits / (double)operations:F2}");
        if (!_statements)
        {
            return text + " (statements: pg_stat_statements is not preloaded)";
        }

        await using var query = new NpgsqlCommand(
            """
            SELECT calls, total_exec_time, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 60)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = @db AND query NOT ILIKE '%pg_stat%'
            ORDER BY total_exec_time DESC
            """,
            connection);
        query.Parameters.AddWithValue("db", _database);
        long calls = 0;
        var top = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                calls += reader.GetInt64(0);
                if (top.Count < 4)
                {
                    top.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(0) / (double)operations:F2}x {reader.GetDouble(1) * 1000 / reader.GetInt64(0):F0} us \"{reader.GetString(3)}\""));
                }
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"statements {calls / (double)operations:F2}, {text}; busiest: {string.Join("; ", top)}");
    }

    private async Task<long> CommitsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @db", connection);
        command.Parameters.AddWithValue("db", _database);
        return (long)(await command.ExecuteScalarAsync() ?? 0L);
    }
}
