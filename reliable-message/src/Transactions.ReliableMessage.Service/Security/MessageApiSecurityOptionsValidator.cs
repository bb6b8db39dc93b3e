using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Transactions.ReliableMessage.Service.Security;

/// <summary>
/// Refuses to start with application credentials that are malformed or ambiguous (each failure names the entry), and
/// outside Development without keys unless <see cref="MessageApiSecurityOptions.AllowAnonymous"/>.
/// </summary>
internal sealed class MessageApiSecurityOptionsValidator(IHostEnvironment environment, IOptions<AdminSecurityOptions> admin) : IValidateOptions<MessageApiSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, MessageApiSecurityOptions options)
    {
        var failures = new List<string>();
        if (AnonymousAccess.Problem(environment, options.AllowAnonymous, options.RequireApplicationKeys, admin.Value.ApiKeys.Count) is { } open)
        {
            failures.Add(open);
        }

        if (options.RequireApplicationKeys && options.Applications.Count == 0)
        {
            failures.Add("Security:RequireApplicationKeys is true but Security:Applications is empty: no producer or consumer could use the service.");
        }

        ApplicationKeyListValidation.Validate("Security:Applications", [.. options.Applications.Select(a => (a.ApplicationId, a.KeyHash))], failures);
        AllowedEndpointsValidation.Validate("Security:AllowedEndpoints", options.AllowedEndpoints, failures);
        for (var i = 0; i < options.Applications.Count; i++)
        {
            var app = options.Applications[i];
            AllowedEndpointsValidation.Validate($"Security:Applications:{i}:AllowedEndpoints", app.AllowedEndpoints, failures);
            if (app.NotificationSecret is { Length: < 16 })
            {
                failures.Add($"Security:Applications:{i}:NotificationSecret must have at least 16 characters.");
            }

            foreach (var (list, values) in new[] { ("ProducerGroups", app.ProducerGroups), ("PublishTopics", app.PublishTopics), ("ConsumerGroups", app.ConsumerGroups), ("SubscribeTopics", app.SubscribeTopics) })
            {
                if (values.Any(string.IsNullOrWhiteSpace))
                {
                    failures.Add($"Security:Applications:{i}:{list} must not contain empty entries.");
                }
            }
        }

        if (options.UnauthenticatedMaxRequestBytes <= 0)
        {
            failures.Add("Security:UnauthenticatedMaxRequestBytes must be a positive number of bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
