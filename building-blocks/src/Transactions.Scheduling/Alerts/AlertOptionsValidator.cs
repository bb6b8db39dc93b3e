using Microsoft.Extensions.Options;
using Transactions.Scheduling.Options;

namespace Transactions.Scheduling.Alerts;

/// <summary>Refuses <see cref="AlertOptions"/> that cannot work, naming the setting (and never echoing a secret).</summary>
/// <param name="feed">The service's feed: which events its webhooks may name.</param>
internal sealed class AlertOptionsValidator(IAttentionFeed feed) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        const string P = JobsDefaults.SectionName + ":" + AlertDefaults.SectionName + ":";
        if (string.IsNullOrWhiteSpace(options.SweepCron))
        {
            failures.Add($"{P}{nameof(AlertOptions.SweepCron)} is missing: a cron expression in UTC, e.g. \"* * * * *\".");
        }

        if (options.SettleTime < TimeSpan.Zero || options.SettleTime > TimeSpan.FromHours(1))
        {
            failures.Add($"{P}{nameof(AlertOptions.SettleTime)} must be between 00:00:00 and 01:00:00 (was {options.SettleTime}).");
        }

        if (options.InitialLookback < TimeSpan.Zero)
        {
            failures.Add($"{P}{nameof(AlertOptions.InitialLookback)} must not be negative (was {options.InitialLookback}).");
        }

        if (options.MaxEventsPerSweep is < 1 or > 10_000)
        {
            failures.Add($"{P}{nameof(AlertOptions.MaxEventsPerSweep)} must be between 1 and 10000 (was {options.MaxEventsPerSweep}).");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{P}{nameof(AlertOptions.Timeout)} must be between 00:00:00.1 and 00:05:00 (was {options.Timeout}).");
        }

        if (options.RetryDelays is { } delays && (delays.Count > 20 || delays.Any(d => d <= TimeSpan.Zero)))
        {
            failures.Add($"{P}{nameof(AlertOptions.RetryDelays)} must be at most 20 positive waits (was {string.Join(", ", delays)}).");
        }

        if (options.ConsoleBaseUrl is { } console && (!console.IsAbsoluteUri || (console.Scheme != Uri.UriSchemeHttp && console.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{P}{nameof(AlertOptions.ConsoleBaseUrl)} must be an absolute http or https address (was '{console}').");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var webhook = options.Webhooks[i];
            var w = $"{P}{nameof(AlertOptions.Webhooks)}:{i}:";
            if (string.IsNullOrWhiteSpace(webhook.Name))
            {
                failures.Add($"{w}{nameof(AlertWebhookOptions.Name)} is missing.");
            }
            else if (!names.Add(webhook.Name))
            {
                failures.Add($"{w}{nameof(AlertWebhookOptions.Name)} '{webhook.Name}' is used by another webhook.");
            }

            if (webhook.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{w}{nameof(AlertWebhookOptions.Url)} must be an absolute http or https address (was '{webhook.Url}').");
            }

            if (webhook.Secret.Length < AlertDefaults.MinSecretLength)
            {
                failures.Add($"{w}{nameof(AlertWebhookOptions.Secret)} must be at least {AlertDefaults.MinSecretLength} characters.");
            }

            foreach (var unknown in webhook.Events.Where(e => !feed.Events.Contains(e, StringComparer.Ordinal)))
            {
                failures.Add($"{w}{nameof(AlertWebhookOptions.Events)} names '{unknown}', which this service does not raise (it raises {string.Join(", ", feed.Events)}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
