using Transactions.Storage;

namespace Transactions.ReliableMessage.Storage;

/// <summary>
/// Where and how the reliable-message service stores its messages. Bound from the <c>Storage</c> section by default:
/// the settings every store has (<see cref="StorageOptions"/>: <c>Provider</c>, <c>ConnectionString</c> (default
/// <c>Data Source=reliable-message.db</c>), <c>AutoMigrate</c>, <c>CommandTimeoutSeconds</c>, <c>MigrationsAssembly</c>
/// (default <c>Transactions.ReliableMessage.Migrations.{Sqlite|PostgreSql|SqlServer}</c>)).
/// </summary>
public sealed class MessageStorageOptions : StorageOptions
{
    /// <summary>Creates the options with their defaults.</summary>
    public MessageStorageOptions()
        : base(MessageStorageDefaults.ConnectionString)
    {
    }

    /// <inheritdoc />
    protected override string StoreName => "reliable-message";

    /// <inheritdoc />
    protected override int PostgreSqlMaxAutoPrepare => MessageStorageDefaults.PostgreSqlMaxAutoPrepare;

    /// <inheritdoc />
    protected override string DefaultMigrationsAssembly(StorageProvider provider) => MessageStorageDefaults.MigrationsAssemblyFor(provider);

    /// <inheritdoc />
    protected override string ExampleDatabase => "reliable_message";

    /// <inheritdoc />
    protected override string ExampleUser => "rm";
}
