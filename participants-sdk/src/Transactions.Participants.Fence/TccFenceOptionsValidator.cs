using Microsoft.Extensions.Options;

namespace Transactions.Participants.Fence;

/// <summary>Validates <see cref="TccFenceOptions"/> (run on start by <c>AddTccFence</c>).</summary>
public sealed class TccFenceOptionsValidator : IValidateOptions<TccFenceOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TccFenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Retention <= TimeSpan.Zero || options.Retention > TimeSpan.FromDays(3650))
        {
            failures.Add($"TccFenceOptions.Retention must be positive and at most 3650 days (was {options.Retention}).");
        }

        if (options.CleanupInterval < TimeSpan.FromSeconds(1) || options.CleanupInterval > TimeSpan.FromDays(30))
        {
            failures.Add($"TccFenceOptions.CleanupInterval must be between 1 second and 30 days (was {options.CleanupInterval}).");
        }

        if (options.CleanupBatchSize is < 1 or > 100_000)
        {
            failures.Add($"TccFenceOptions.CleanupBatchSize must be between 1 and 100000 (was {options.CleanupBatchSize}).");
        }

        if (options.MaxBatchesPerCleanup is < 1 or > 10_000)
        {
            failures.Add($"TccFenceOptions.MaxBatchesPerCleanup must be between 1 and 10000 (was {options.MaxBatchesPerCleanup}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
