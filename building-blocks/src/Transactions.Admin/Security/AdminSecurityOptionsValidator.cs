using Microsoft.Extensions.Options;

namespace Transactions.Admin.Security;

/// <summary>Refuses to start with admin keys that are malformed, unnamed or ambiguous; each failure names the key.</summary>
internal sealed class AdminSecurityOptionsValidator : IValidateOptions<AdminSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminSecurityOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.HeaderName))
        {
            failures.Add("Admin:HeaderName must not be empty.");
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("Admin:MaxRequestBodyBytes must be between 1024 and 16777216.");
        }

        if (string.IsNullOrEmpty(options.PathPrefix) || !options.PathPrefix.StartsWith('/'))
        {
            failures.Add("Admin:PathPrefix must start with '/'.");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"Admin:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{at}:Name is required (it names the actor in the audit log).");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{at}:Name '{key.Name}' is used by another key.");
            }

            if (!ApiKeyHash.IsWellFormed(key.Hash))
            {
                failures.Add($"{at}:Hash must be '{ApiKeyHash.Prefix}' followed by 64 hex digits (configure the key's hash, never the key).");
            }
            else if (!hashes.Add(key.Hash))
            {
                failures.Add($"{at}:Hash is the same as another key's: each holder needs a key of their own.");
            }

            if (!Enum.IsDefined(key.Role))
            {
                failures.Add($"{at}:Role must be ReadOnly or Operator.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
