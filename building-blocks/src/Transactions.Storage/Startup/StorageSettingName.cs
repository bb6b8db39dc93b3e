namespace Transactions.Storage;

/// <summary>Where a store's options came from, for error messages (e.g. <c>Storage</c> gives <c>Storage:ConnectionString</c>).</summary>
/// <typeparam name="TOptions">The store's options: one name per store, should a container hold two.</typeparam>
/// <param name="Prefix">The configuration path of the options, or a descriptive name.</param>
internal sealed record StorageSettingName<TOptions>(string Prefix)
    where TOptions : StorageOptions;
