using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Transactions.Coordinator.Security;

/// <summary>Refuses to start with application credentials that are malformed or ambiguous; each failure names the entry.</summary>
internal sealed class ApplicationSecurityOptionsValidator : IValidateOptions<ApplicationSecurityOptions>
{
    private const int MaxApplicationIdLength = 128;

    public ValidateOptionsResult Validate(string? name, ApplicationSecurityOptions options)
    {
        var failures = new List<string>();
        if (options.RequireApplicationKeys && options.Applications.Count == 0)
        {
            failures.Add("Security:RequireApplicationKeys is true but Security:Applications is empty: no caller could use the coordinator.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Applications.Count; i++)
        {
            var app = options.Applications[i];
            var at = $"Security:Applications:{i}";
            if (string.IsNullOrWhiteSpace(app.ApplicationId) || app.ApplicationId.Length > MaxApplicationIdLength)
            {
                failures.Add($"{at}:ApplicationId is required (at most {MaxApplicationIdLength} characters).");
            }
            else if (!ids.Add(app.ApplicationId))
            {
                failures.Add($"{at}:ApplicationId '{app.ApplicationId}' is used by another entry.");
            }

            if (!ApiKeyHash.IsWellFormed(app.KeyHash))
            {
                failures.Add($"{at}:KeyHash must be '{ApiKeyHash.Prefix}' followed by 64 hex digits (configure the key's hash, never the key).");
            }
            else if (!hashes.Add(app.KeyHash))
            {
                failures.Add($"{at}:KeyHash is the same as another application's: each application needs a key of its own.");
            }

            if (app.ParticipatesIn.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{at}:ParticipatesIn must not contain empty entries.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
