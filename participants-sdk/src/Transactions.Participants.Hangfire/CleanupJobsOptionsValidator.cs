using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Transactions.Participants.Hangfire;

/// <summary>Validates <see cref="CleanupJobsOptions"/> on start.</summary>
public sealed partial class CleanupJobsOptionsValidator : IValidateOptions<CleanupJobsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CleanupJobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Cron) || (options.CronByCleaner ?? []).Values.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("CleanupJobsOptions.Cron (and every CronByCleaner entry) must be a cron expression.");
        }

        if (string.IsNullOrEmpty(options.JobIdPrefix) || options.JobIdPrefix.Length > 50)
        {
            failures.Add($"CleanupJobsOptions.JobIdPrefix must be 1 to 50 characters (was '{options.JobIdPrefix}').");
        }

        if (options.Queue is null || !QueueName().IsMatch(options.Queue))
        {
            failures.Add($"CleanupJobsOptions.Queue must be lowercase letters, digits, underscores and dashes (was '{options.Queue}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9_-]{1,50}$")]
    private static partial Regex QueueName();
}
