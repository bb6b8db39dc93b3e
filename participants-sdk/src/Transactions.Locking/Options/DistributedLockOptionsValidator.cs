using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Transactions.Locking;

/// <summary>Validates <see cref="DistributedLockOptions"/> (run on start by <c>AddDistributedLock</c>, and by <see cref="DistributedLock"/>'s constructor).</summary>
public sealed partial class DistributedLockOptionsValidator : IValidateOptions<DistributedLockOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DistributedLockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!DistributedLockProviders.IsKnown(options.Provider))
        {
            failures.Add($"DistributedLockOptions.Provider must be '{DistributedLockProviders.Sqlite}', '{DistributedLockProviders.PostgreSql}' or '{DistributedLockProviders.SqlServer}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("DistributedLockOptions.ConnectionString is required.");
        }

        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromDays(1))
        {
            failures.Add($"DistributedLockOptions.LeaseDuration must be between 1 second and 1 day (was {options.LeaseDuration}).");
        }

        if (options.RenewInterval <= TimeSpan.Zero || options.RenewInterval >= options.LeaseDuration)
        {
            failures.Add($"DistributedLockOptions.RenewInterval must be positive and less than LeaseDuration {options.LeaseDuration} (was {options.RenewInterval}).");
        }

        if (options.RetryDelay < TimeSpan.FromMilliseconds(1) || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"DistributedLockOptions.RetryDelay must be between 1 millisecond and 1 minute (was {options.RetryDelay}).");
        }

        if (options.OwnerId is not null
            && (options.OwnerId.Length is 0 or > DistributedLockDefaults.MaxOwnerIdLength || options.OwnerId.Contains('/', StringComparison.Ordinal)))
        {
            failures.Add($"DistributedLockOptions.OwnerId must be 1 to {DistributedLockDefaults.MaxOwnerIdLength} characters without '/' (was '{options.OwnerId}').");
        }

        if (options.TableName is null || !TableNamePattern().IsMatch(options.TableName))
        {
            failures.Add($"DistributedLockOptions.TableName must be an identifier (letters, digits, underscores), optionally schema-qualified (was '{options.TableName}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
