namespace Transactions.Coordinator.Storage;

/// <summary>Where and how the coordinator stores its transactions. Bound from the <c>Storage</c> section by default.</summary>
public sealed class CoordinatorStorageOptions
{
    /// <summary>Database engine. Default: <see cref="CoordinatorStorageProvider.Sqlite"/>.</summary>
    public CoordinatorStorageProvider Provider { get; set; } = CoordinatorStorageDefaults.Provider;

    /// <summary>
    /// ADO.NET connection string of the provider. Default: <c>Data Source=coordinator.db</c> (SQLite).
    /// Required for PostgreSQL and SQL Server.
    /// </summary>
    public string? ConnectionString { get; set; } = CoordinatorStorageDefaults.ConnectionString;

    /// <summary>
    /// Whether the schema is migrated at start-up. Default (null): the provider's default, true for SQLite
    /// and false for PostgreSQL and SQL Server, whose schemas DBAs usually apply from the generated
    /// scripts in migrations/sql.
    /// </summary>
    public bool? AutoMigrate { get; set; }

    /// <summary>Command timeout in seconds. Default (null): the provider's default (30 s).</summary>
    public int? CommandTimeoutSeconds { get; set; }

    /// <summary>
    /// Assembly holding the provider's migrations. Default (null): <c>Transactions.Coordinator.Migrations.{Sqlite|PostgreSql|SqlServer}</c>,
    /// which the host must reference.
    /// </summary>
    public string? MigrationsAssembly { get; set; }

    /// <summary>
    /// PostgreSQL: whether the hot-path writes of concurrent requests (Begin, RegisterBranch, decisions,
    /// phase-2 results, events) and the loads on the commit path are sent together, one round trip and one
    /// commit per batch, each caller answered once its batch is durable. Batches form only while earlier ones
    /// are in flight (no timer), so a lone request waits for nothing. Default: true. Other providers ignore it.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Most statements in one group-commit batch. Default: <see cref="CoordinatorStorageDefaults.GroupCommitMaxStatements"/> (64).</summary>
    public int GroupCommitMaxStatements { get; set; } = CoordinatorStorageDefaults.GroupCommitMaxStatements;

    /// <summary>
    /// How many group-commit batches may be in flight at once, each on a connection of its own kept open.
    /// Default: <see cref="CoordinatorStorageDefaults.GroupCommitConnections"/> (2).
    /// </summary>
    public int GroupCommitConnections { get; set; } = CoordinatorStorageDefaults.GroupCommitConnections;

    /// <summary>Whether migrations run at start: <see cref="AutoMigrate"/>, or the provider's default.</summary>
    public bool ShouldAutoMigrate => AutoMigrate ?? Provider == CoordinatorStorageProvider.Sqlite;

    /// <summary>The migrations assembly in effect: <see cref="MigrationsAssembly"/>, or the provider's default.</summary>
    public string EffectiveMigrationsAssembly =>
        string.IsNullOrWhiteSpace(MigrationsAssembly) ? CoordinatorStorageDefaults.MigrationsAssemblyFor(Provider) : MigrationsAssembly;

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming the offending setting when the options cannot work.
    /// </summary>
    /// <param name="settingPrefix">How the settings are named for the user, e.g. <c>Storage</c> (gives <c>Storage:ConnectionString</c>).</param>
    public void Validate(string settingPrefix = CoordinatorStorageDefaults.SectionName)
    {
        var prefix = string.IsNullOrEmpty(settingPrefix) ? string.Empty : settingPrefix + ":";
        if (!Enum.IsDefined(Provider))
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(Provider)} has the unknown value '{Provider}'; use Sqlite, PostgreSql or SqlServer.");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(ConnectionString)} is missing: the coordinator's {Provider} store needs a connection string " +
                $"(for example \"{ExampleConnectionString(Provider)}\").");
        }

        if (CommandTimeoutSeconds is <= 0)
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(CommandTimeoutSeconds)} must be a positive number of seconds (was {CommandTimeoutSeconds}).");
        }

        if (GroupCommitMaxStatements is < 1 or > 1000)
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(GroupCommitMaxStatements)} must be between 1 and 1000 (was {GroupCommitMaxStatements}).");
        }

        if (GroupCommitConnections is < 1 or > 64)
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(GroupCommitConnections)} must be between 1 and 64 (was {GroupCommitConnections}).");
        }
    }

    private static string ExampleConnectionString(CoordinatorStorageProvider provider) => provider switch
    {
        CoordinatorStorageProvider.PostgreSql => "Host=db;Database=coordinator;Username=coordinator;Password=...",
        CoordinatorStorageProvider.SqlServer => "Server=db;Database=coordinator;User Id=coordinator;Password=...;Encrypt=true",
        _ => CoordinatorStorageDefaults.ConnectionString,
    };
}
