using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Transactions.Coordinator.Security;

/// <summary>
/// Refuses to start with application credentials that are malformed or ambiguous (each failure names the entry), and
/// outside Development without keys unless <see cref="ApplicationSecurityOptions.AllowAnonymous"/>.
/// </summary>
internal sealed class ApplicationSecurityOptionsValidator(IHostEnvironment environment, IOptions<AdminSecurityOptions> admin) : IValidateOptions<ApplicationSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ApplicationSecurityOptions options)
    {
        var failures = new List<string>();
        if (AnonymousAccess.Problem(environment, options.AllowAnonymous, options.RequireApplicationKeys, admin.Value.ApiKeys.Count) is { } open)
        {
            failures.Add(open);
        }

        if (options.RequireApplicationKeys && options.Applications.Count == 0)
        {
            failures.Add("Security:RequireApplicationKeys is true but Security:Applications is empty: no caller could use the coordinator.");
        }

        ApplicationKeyListValidation.Validate("Security:Applications", [.. options.Applications.Select(a => (a.ApplicationId, a.KeyHash))], failures);
        AllowedEndpointsValidation.Validate("Security:AllowedEndpoints", options.AllowedEndpoints, failures);
        for (var i = 0; i < options.Applications.Count; i++)
        {
            if (options.Applications[i].ParticipatesIn.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"Security:Applications:{i}:ParticipatesIn must not contain empty entries.");
            }

            AllowedEndpointsValidation.Validate($"Security:Applications:{i}:AllowedEndpoints", options.Applications[i].AllowedEndpoints, failures);
        }

        if (options.UnauthenticatedMaxRequestBytes <= 0)
        {
            failures.Add("Security:UnauthenticatedMaxRequestBytes must be a positive number of bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
