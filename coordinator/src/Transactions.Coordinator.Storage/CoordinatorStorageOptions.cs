using Transactions.Storage;

namespace Transactions.Coordinator.Storage;

/// <summary>
/// Where and how the coordinator stores its transactions. Bound from the <c>Storage</c> section by default: the
/// settings every store has (<see cref="StorageOptions"/>: <c>Provider</c>, <c>ConnectionString</c> (default
/// <c>Data Source=coordinator.db</c>), <c>AutoMigrate</c>, <c>CommandTimeoutSeconds</c>, <c>MigrationsAssembly</c>
/// (default <c>Transactions.Coordinator.Migrations.{Sqlite|PostgreSql|SqlServer}</c>)) and PostgreSQL group commit.
/// </summary>
public sealed class CoordinatorStorageOptions : StorageOptions
{
    /// <summary>Creates the options with their defaults.</summary>
    public CoordinatorStorageOptions()
        : base(CoordinatorStorageDefaults.ConnectionString)
    {
    }

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

    /// <inheritdoc />
    protected override string StoreName => "coordinator's";

    /// <inheritdoc />
    protected override int PostgreSqlMaxAutoPrepare => CoordinatorStorageDefaults.PostgreSqlMaxAutoPrepare;

    /// <inheritdoc />
    protected override string DefaultMigrationsAssembly(StorageProvider provider) => CoordinatorStorageDefaults.MigrationsAssemblyFor(provider);

    /// <inheritdoc />
    protected override string ExampleDatabase => "coordinator";

    /// <inheritdoc />
    protected override string ExampleUser => "coordinator";

    /// <inheritdoc />
    protected override void ValidateStoreSettings(string prefix)
    {
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
}
