using Microsoft.Extensions.Options;

namespace Transactions.Coordinator.Options;

/// <summary>Cross-field checks of <see cref="CoordinatorOptions"/> that attributes cannot express.</summary>
public sealed class CoordinatorOptionsValidator : IValidateOptions<CoordinatorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultTimeout <= TimeSpan.Zero)
        {
            failures.Add("Coordinator:DefaultTimeout must be positive.");
        }

        if (options.MaxTimeout < options.DefaultTimeout)
        {
            failures.Add("Coordinator:MaxTimeout must be at least Coordinator:DefaultTimeout.");
        }

        if (options.BranchCallTimeout <= TimeSpan.Zero)
        {
            failures.Add("Coordinator:BranchCallTimeout must be positive.");
        }

        if (options.RecoveryPollInterval <= TimeSpan.Zero)
        {
            failures.Add("Coordinator:RecoveryPollInterval must be positive.");
        }

        if (options.Phase2InitialBackoff <= TimeSpan.Zero || options.Phase2MaxBackoff < options.Phase2InitialBackoff)
        {
            failures.Add("Coordinator:Phase2InitialBackoff must be positive and at most Coordinator:Phase2MaxBackoff.");
        }

        var worstRound = (options.BranchCallTimeout * (1 + options.BranchCallRetries)) + (options.BranchCallRetryDelay * options.BranchCallRetries * 2);
        if (options.LeaseDuration <= worstRound)
        {
            failures.Add($"Coordinator:LeaseDuration ({options.LeaseDuration}) must exceed the longest branch call with retries ({worstRound}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
