using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Transactions.Scheduling.Options;
using Transactions.Storage;

namespace Transactions.Scheduling.Storage;

/// <summary>
/// Puts Hangfire on the service's own database, chosen by <c>Storage:Provider</c>:
/// <list type="bullet">
/// <item>PostgreSQL: Hangfire.PostgreSql, its tables in their own schema (<c>Jobs:SchemaName</c>, default
/// <c>hangfire</c>) of the service's database;</item>
/// <item>SQL Server: Hangfire.SqlServer, likewise in its own schema;</item>
/// <item>SQLite: Hangfire.Storage.SQLite in a file next to the service's (<c>coordinator.db</c> ->
/// <c>coordinator.hangfire.db</c>), so Hangfire's polling writes never wait on (or hold up) the store's single
/// writer; an in-memory SQLite store (tests) gets Hangfire's in-memory storage.</item>
/// </list>
/// The schema is created or upgraded at start when <c>Jobs:PrepareSchema</c> (default: <c>Storage:AutoMigrate</c>)
/// is on; otherwise a DBA installs it.
/// </summary>
internal static class JobStorageSelection
{
    public static void UseServiceStorage(this IGlobalConfiguration configuration, StorageOptions storage, JobsOptions jobs)
    {
        var prepareSchema = jobs.PrepareSchema ?? storage.ShouldAutoMigrate;
        var connectionString = storage.ConnectionString ?? string.Empty;
        switch (storage.Provider)
        {
            case StorageProvider.PostgreSql:
                configuration.UsePostgreSqlStorage(
                    bootstrap => bootstrap.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        SchemaName = jobs.SchemaName,
                        PrepareSchemaIfNecessary = prepareSchema,
                        QueuePollInterval = jobs.PollingInterval,
                    });
                break;
            case StorageProvider.SqlServer:
                configuration.UseSqlServerStorage(connectionString, new SqlServerStorageOptions
                {
                    SchemaName = jobs.SchemaName,
                    PrepareSchemaIfNecessary = prepareSchema,
                    QueuePollInterval = jobs.PollingInterval,
                });
                break;
            default:
                var file = SqliteFile(connectionString);
                if (file is null)
                {
                    configuration.UseInMemoryStorage();
                }
                else
                {
                    configuration.UseSQLiteStorage(file, new SQLiteStorageOptions { QueuePollInterval = jobs.PollingInterval });
                }

                break;
        }
    }

    /// <summary>The Hangfire file next to the store's SQLite file, or null for an in-memory store.</summary>
    internal static string? SqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return null;
        }

        var extension = Path.GetExtension(source);
        var stem = string.IsNullOrEmpty(extension) ? source : source[..^extension.Length];
        return stem + ".hangfire" + (string.IsNullOrEmpty(extension) ? ".db" : extension);
    }
}
