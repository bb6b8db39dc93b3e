namespace Transactions.Coordinator.Storage;

/// <summary>Where the storage options came from, for error messages (e.g. <c>Storage</c> gives <c>Storage:ConnectionString</c>).</summary>
/// <param name="Prefix">The configuration path of the options, or a descriptive name.</param>
internal sealed record CoordinatorStorageSettingName(string Prefix);
