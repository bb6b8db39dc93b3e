namespace Transactions.ReliableMessage.Storage;

/// <summary>Where and how the reliable-message service stores its messages. Bound from the <c>Storage</c> section by default.</summary>
public sealed class MessageStorageOptions
{
    /// <summary>Database engine. Default: <see cref="MessageStorageProvider.Sqlite"/>.</summary>
    public MessageStorageProvider Provider { get; set; } = MessageStorageDefaults.Provider;

    /// <summary>
    /// ADO.NET connection string of the provider. Default: <c>Data Source=reliable-message.db</c> (SQLite).
    /// Required for PostgreSQL and SQL Server.
    /// </summary>
    public string? ConnectionString { get; set; } = MessageStorageDefaults.ConnectionString;

    /// <summary>
    /// Whether the schema is migrated at start-up. Default (null): true for SQLite, false for PostgreSQL and SQL
    /// Server, whose schemas DBAs usually apply from the generated scripts in migrations/sql.
    /// </summary>
    public bool? AutoMigrate { get; set; }

    /// <summary>Command timeout in seconds. Default (null): the provider's default (30 s).</summary>
    public int? CommandTimeoutSeconds { get; set; }

    /// <summary>
    /// Assembly holding the provider's migrations. Default (null):
    /// <c>Transactions.ReliableMessage.Migrations.{Sqlite|PostgreSql|SqlServer}</c>, which the host must reference.
    /// </summary>
    public string? MigrationsAssembly { get; set; }

    /// <summary>Whether migrations run at start: <see cref="AutoMigrate"/>, or the provider's default.</summary>
    public bool ShouldAutoMigrate => AutoMigrate ?? Provider == MessageStorageProvider.Sqlite;

    /// <summary>The migrations assembly in effect: <see cref="MigrationsAssembly"/>, or the provider's default.</summary>
    public string EffectiveMigrationsAssembly =>
        string.IsNullOrWhiteSpace(MigrationsAssembly) ? MessageStorageDefaults.MigrationsAssemblyFor(Provider) : MigrationsAssembly;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the offending setting when the options cannot work.</summary>
    /// <param name="settingPrefix">How the settings are named for the user, e.g. <c>Storage</c>.</param>
    public void Validate(string settingPrefix = MessageStorageDefaults.SectionName)
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
                $"The setting {prefix}{nameof(ConnectionString)} is missing: the reliable-message {Provider} store needs a connection string " +
                $"(for example \"{ExampleConnectionString(Provider)}\").");
        }

        if (CommandTimeoutSeconds is <= 0)
        {
            throw new InvalidOperationException(
                $"The setting {prefix}{nameof(CommandTimeoutSeconds)} must be a positive number of seconds (was {CommandTimeoutSeconds}).");
        }
    }

    private static string ExampleConnectionString(MessageStorageProvider provider) => provider switch
    {
        MessageStorageProvider.PostgreSql => "Host=db;Database=reliable_message;Username=rm;Password=...",
        MessageStorageProvider.SqlServer => "Server=db;Database=reliable_message;User Id=rm;Password=...;Encrypt=true",
        _ => MessageStorageDefaults.ConnectionString,
    };
}
