namespace Transactions.Admin.Security;

/// <summary>
/// The checks every list of application keys (<c>Security:Applications</c> of the coordinator and of the
/// reliable-message service) passes at start: each entry has an id (at most 128 characters) and a well-formed key
/// hash, and no id or hash is used twice. Each failure names the entry.
/// </summary>
public static class ApplicationKeyListValidation
{
    /// <summary>The longest application id.</summary>
    public const int MaxApplicationIdLength = 128;

    /// <summary>Adds a line to <paramref name="failures"/> for every problem of <paramref name="entries"/>.</summary>
    /// <param name="section">The configuration path of the list, e.g. <c>Security:Applications</c>.</param>
    /// <param name="entries">Each entry's application id and key hash, in configuration order.</param>
    /// <param name="failures">Where the problems go.</param>
    public static void Validate(string section, IReadOnlyList<(string ApplicationId, string KeyHash)> entries, ICollection<string> failures)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(failures);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
        {
            var (id, hash) = entries[i];
            var at = $"{section}:{i}";
            if (string.IsNullOrWhiteSpace(id) || id.Length > MaxApplicationIdLength)
            {
                failures.Add($"{at}:ApplicationId is required (at most {MaxApplicationIdLength} characters).");
            }
            else if (!ids.Add(id))
            {
                failures.Add($"{at}:ApplicationId '{id}' is used by another entry.");
            }

            if (!ApiKeyHash.IsWellFormed(hash))
            {
                failures.Add($"{at}:KeyHash must be '{ApiKeyHash.Prefix}' followed by 64 hex digits (configure the key's hash, never the key).");
            }
            else if (!hashes.Add(hash))
            {
                failures.Add($"{at}:KeyHash is the same as another application's: each application needs a key of its own.");
            }
        }
    }
}
