namespace Transactions.Storage;

/// <summary>
/// Where and how a service stores its data: the settings every store has, bound from the <c>Storage</c> section by
/// default (<c>Storage:Provider</c>, <c>Storage:ConnectionString</c>, <c>Storage:AutoMigrate</c>,
/// <c>Storage:CommandTimeoutSeconds</c>, <c>Storage:MigrationsAssembly</c>). Each service derives its own options
/// from it and says what differs: its default SQLite file, its migrations assemblies, how messages name its store,
/// its PostgreSQL tuning, and any settings of its own.
/// </summary>
public abstract class StorageOptions
{
    private readonly string _defaultConnectionString;

    /// <summary>Creates options whose <see cref="ConnectionString"/> is <paramref name="defaultConnectionString"/> until set.</summary>
    /// <param name="defaultConnectionString">The service's default connection string: a SQLite file next to the process.</param>
    protected StorageOptions(string defaultConnectionString)
    {
        _defaultConnectionString = defaultConnectionString;
        ConnectionString = defaultConnectionString;
    }

    /// <summary>Database engine. Default: <see cref="StorageProvider.Sqlite"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageDefaults.Provider;

    /// <summary>
    /// ADO.NET connection string of the provider. Default: a SQLite file next to the process named after the service
    /// (<c>Data Source=coordinator.db</c>, <c>Data Source=reliable-message.db</c>). Required for PostgreSQL and SQL Server.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether the schema is migrated at start-up. Default (null): the provider's default, true for SQLite
    /// and false for PostgreSQL and SQL Server, whose schemas DBAs usually apply from the generated
    /// scripts in migrations/sql.
    /// </summary>
    public bool? AutoMigrate { get; set; }

    /// <summary>Command timeout in seconds. Default (null): the provider's default (30 s).</summary>
    public int? CommandTimeoutSeconds { get; set; }

    /// <summary>
    /// Assembly holding the provider's migrations. Default (null): the service's assembly for the provider, e.g.
    /// <c>Transactions.Coordinator.Migrations.{Sqlite|PostgreSql|SqlServer}</c>, which the host must reference.
    /// </summary>
    public string? MigrationsAssembly { get; set; }

    /// <summary>Whether migrations run at start: <see cref="AutoMigrate"/>, or the provider's default.</summary>
    public bool ShouldAutoMigrate => AutoMigrate ?? Provider == StorageProvider.Sqlite;

    /// <summary>The migrations assembly in effect: <see cref="MigrationsAssembly"/>, or the provider's default.</summary>
    public string EffectiveMigrationsAssembly =>
        string.IsNullOrWhiteSpace(MigrationsAssembly) ? DefaultMigrationsAssembly(Provider) : MigrationsAssembly;

    /// <summary>How messages name the store, e.g. <c>coordinator's</c> (giving "the coordinator's PostgreSql store").</summary>
    protected internal abstract string StoreName { get; }

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> the store runs with when the connection string does not set it, see
    /// <see cref="Common.Storage.PostgreSqlConnectionTuning"/>.
    /// </summary>
    protected internal abstract int PostgreSqlMaxAutoPrepare { get; }

    /// <summary>The database name in the example connection strings shown when none is configured, e.g. <c>coordinator</c>.</summary>
    protected abstract string ExampleDatabase { get; }

    /// <summary>The user name in the example connection strings shown when none is configured, e.g. <c>coordinator</c>.</summary>
    protected abstract string ExampleUser { get; }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming the offending setting when the options cannot work.
    /// </summary>
    /// <param name="settingPrefix">How the settings are named for the user, e.g. <c>Storage</c> (gives <c>Storage:ConnectionString</c>).</param>
    public void Validate(string settingPrefix = StorageDefaults.SectionName)
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
                $"The setting {prefix}{nameof(ConnectionString)} is missing: the {StoreName} {Provider} store needs a connection string " +
                $"(for example \"{ExampleConnectionString(Provider)}\").");
        }

        if (CommandTimeoutSeconds is <= 0)
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(CommandTimeoutSeconds)} must be a positive number of seconds (was {CommandTimeoutSeconds}).");
        }

        ValidateStoreSettings(prefix);
    }

    /// <summary>The migrations assembly of <paramref name="provider"/> when <see cref="MigrationsAssembly"/> is not set.</summary>
    /// <param name="provider">The provider.</param>
    protected abstract string DefaultMigrationsAssembly(StorageProvider provider);

    /// <summary>
    /// Checks the settings the service adds; throws <see cref="InvalidOperationException"/> naming the offending one.
    /// Called by <see cref="Validate"/> once the common settings passed. Default: nothing to check.
    /// </summary>
    /// <param name="prefix">The settings' prefix with its separator, e.g. <c>Storage:</c> (empty when there is none).</param>
    protected virtual void ValidateStoreSettings(string prefix)
    {
    }

    private string ExampleConnectionString(StorageProvider provider) => provider switch
    {
        StorageProvider.PostgreSql => $"Host=db;Database={ExampleDatabase};Username={ExampleUser};Password=...",
        StorageProvider.SqlServer => $"Server=db;Database={ExampleDatabase};User Id={ExampleUser};Password=...;Encrypt=true",
        _ => _defaultConnectionString,
    };
}
