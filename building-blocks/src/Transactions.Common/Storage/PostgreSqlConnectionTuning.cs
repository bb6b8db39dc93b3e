using System.Data.Common;

namespace Transactions.Common.Storage;

/// <summary>
/// The Npgsql connection settings both services' stores run with, added to a connection string unless it sets
/// them: automatic preparation of the store's few, constantly repeated statements (<c>Max Auto Prepare</c>), no
/// session reset when a connection returns to the pool (<c>No Reset On Close</c>: the stores set no session
/// state), and <c>enable_seqscan=off</c> in the session's <c>Options</c>.
/// </summary>
/// <remarks>
/// Why no sequential scans: every hot statement of the stores reaches its rows through an index, and automatically
/// prepared statements get a generic plan after five executions. When that happens while the tables are a few
/// pages large (a new database, statistics from its first minutes), the generic plan scans the table instead of
/// the index and stays cached on the connection while the table grows: the coordinator's benchmark caught every
/// statement taking 1-2 ms instead of 40 us and throughput falling 4x within a minute, until autovacuum's next
/// ANALYZE invalidated the plans. With sequential scans priced out the planner keeps the index paths; a query that
/// has no index path still scans. Plain keys only (no Npgsql types), so this library needs no Npgsql.
/// </remarks>
public static class PostgreSqlConnectionTuning
{
    /// <summary>The session option added to <c>Options</c>: <c>-c enable_seqscan=off</c>.</summary>
    public const string SessionOptions = "-c enable_seqscan=off";

    /// <summary>Returns <paramref name="connectionString"/> with the settings above added where it does not set them.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="maxAutoPrepare">The <c>Max Auto Prepare</c> to use when none is given.</param>
    public static string Tune(string connectionString, int maxAutoPrepare)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!Sets(builder, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder["Max Auto Prepare"] = maxAutoPrepare;
        }

        if (!Sets(builder, "No Reset On Close", "NoResetOnClose"))
        {
            builder["No Reset On Close"] = true;
        }

        var options = builder.TryGetValue("Options", out var given) ? given?.ToString() : null;
        if (options?.Contains("enable_seqscan", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder["Options"] = string.IsNullOrWhiteSpace(options) ? SessionOptions : $"{options} {SessionOptions}";
        }

        return builder.ConnectionString;
    }

    private static bool Sets(DbConnectionStringBuilder builder, params string[] keys) => keys.Any(builder.ContainsKey);
}
