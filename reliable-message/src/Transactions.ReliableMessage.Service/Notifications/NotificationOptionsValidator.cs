using Microsoft.Extensions.Options;

namespace Transactions.ReliableMessage.Service.Notifications;

/// <summary>Checks of <see cref="NotificationOptions"/> that attributes cannot express; each failure names the setting.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    private const string P = NotificationOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{P}Timeout must be positive (was {options.Timeout}).");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{P}PollInterval must be positive (was {options.PollInterval}).");
        }

        if (options.LeaseDuration <= options.Timeout)
        {
            failures.Add($"{P}LeaseDuration ({options.LeaseDuration}) must exceed {P}Timeout ({options.Timeout}).");
        }

        if (options.RetrySchedule is { } schedule && (schedule.Length > 100 || schedule.Any(d => d <= TimeSpan.Zero)))
        {
            failures.Add($"{P}RetrySchedule must have at most 100 entries, each positive.");
        }

        if (options.SigningSecret is { Length: < 16 })
        {
            failures.Add($"{P}SigningSecret must have at least 16 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
