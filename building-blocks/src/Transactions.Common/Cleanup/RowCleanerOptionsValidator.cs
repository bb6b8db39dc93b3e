using Microsoft.Extensions.Options;

namespace Transactions.Common.Cleanup;

/// <summary>
/// Validates an SDK cleaner's options on start (<see cref="RowCleanerOptions.Validate"/>): ranges, and the cleaner's
/// safety rule, a retention below <see cref="RowCleanerOptions.MinimumRetention"/> being refused.
/// </summary>
/// <typeparam name="TOptions">The cleaner's options.</typeparam>
public sealed class RowCleanerOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : RowCleanerOptions
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate(typeof(TOptions).Name);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
