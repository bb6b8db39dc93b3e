using Microsoft.Extensions.Options;

namespace Transactions.ReliableMessage.Options;

/// <summary>Cross-field checks of <see cref="ReliableMessageOptions"/> that attributes cannot express.</summary>
public sealed class ReliableMessageOptionsValidator : IValidateOptions<ReliableMessageOptions>
{
    private const string P = ReliableMessageOptions.SectionName + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ReliableMessageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, options.PollInterval, nameof(options.PollInterval));
        Positive(failures, options.CheckDelay, nameof(options.CheckDelay));
        Positive(failures, options.CheckTimeout, nameof(options.CheckTimeout));
        Positive(failures, options.PushTimeout, nameof(options.PushTimeout));
        Positive(failures, options.SubscriptionRefreshInterval, nameof(options.SubscriptionRefreshInterval));
        if (options.CheckRetryInitialBackoff <= TimeSpan.Zero || options.CheckRetryMaxBackoff < options.CheckRetryInitialBackoff)
        {
            failures.Add($"{P}CheckRetryInitialBackoff must be positive and at most {P}CheckRetryMaxBackoff.");
        }

        if (options.PublishRetryInitialBackoff <= TimeSpan.Zero || options.PublishRetryMaxBackoff < options.PublishRetryInitialBackoff)
        {
            failures.Add($"{P}PublishRetryInitialBackoff must be positive and at most {P}PublishRetryMaxBackoff.");
        }

        if (options.LeaseDuration <= options.CheckTimeout || options.LeaseDuration <= options.PushTimeout)
        {
            failures.Add($"{P}LeaseDuration ({options.LeaseDuration}) must exceed {P}CheckTimeout ({options.CheckTimeout}) and {P}PushTimeout ({options.PushTimeout}).");
        }

        if (options.RedeliverySchedule is { } schedule)
        {
            if (schedule.Length > 100)
            {
                failures.Add($"{P}RedeliverySchedule has {schedule.Length} entries; at most 100 are allowed.");
            }

            if (schedule.Any(d => d <= TimeSpan.Zero))
            {
                failures.Add($"{P}RedeliverySchedule entries must be positive.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{P}{setting} must be positive (was {value}).");
        }
    }
}
