using Microsoft.Extensions.Options;

namespace Transactions.Scheduling.Options;

/// <summary>Refuses <see cref="JobsOptions"/> that cannot work, naming the setting.</summary>
internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        const string P = JobsDefaults.SectionName + ":";
        if (options.WorkerCount is < 1 or > 64)
        {
            failures.Add($"{P}{nameof(JobsOptions.WorkerCount)} must be between 1 and 64 (was {options.WorkerCount}).");
        }

        if (options.PollingInterval < TimeSpan.FromMilliseconds(100) || options.PollingInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{P}{nameof(JobsOptions.PollingInterval)} must be between 00:00:00.1 and 01:00:00 (was {options.PollingInterval}).");
        }

        if (string.IsNullOrWhiteSpace(options.SchemaName) || !options.SchemaName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            failures.Add($"{P}{nameof(JobsOptions.SchemaName)} must be letters, digits and '_' (was '{options.SchemaName}').");
        }

        if (string.IsNullOrEmpty(options.DashboardPath) || options.DashboardPath[0] != '/' || options.DashboardPath.Length < 2 || options.DashboardPath.EndsWith('/'))
        {
            failures.Add($"{P}{nameof(JobsOptions.DashboardPath)} must start with '/' and not end with it, e.g. /hangfire (was '{options.DashboardPath}').");
        }

        var retention = options.Retention;
        const string R = P + nameof(JobsOptions.Retention) + ":";
        if (string.IsNullOrWhiteSpace(retention.Cron))
        {
            // Hangfire parses the expression when the job is registered at start and refuses a bad one there.
            failures.Add($"{R}{nameof(RetentionOptions.Cron)} is missing: a cron expression in UTC, e.g. \"17 * * * *\".");
        }

        if (retention.Age < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{R}{nameof(RetentionOptions.Age)} must be at least one minute (was {retention.Age}).");
        }

        if (retention.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{R}{nameof(RetentionOptions.BatchSize)} must be between 1 and 10000 (was {retention.BatchSize}).");
        }

        if (retention.MaxRowsPerRun < retention.BatchSize)
        {
            failures.Add($"{R}{nameof(RetentionOptions.MaxRowsPerRun)} must be at least {nameof(RetentionOptions.BatchSize)} (was {retention.MaxRowsPerRun}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
