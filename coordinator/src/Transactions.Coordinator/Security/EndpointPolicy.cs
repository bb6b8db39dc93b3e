using Grpc.Core;
using Microsoft.Extensions.Options;
using Transactions.Admin.Security;
using Transactions.Coordinator.Errors;

namespace Transactions.Coordinator.Security;

/// <summary>
/// Keeps callers from making the coordinator call arbitrary URLs: a participant or saga step endpoint must be allowed
/// by the caller's <see cref="ApplicationCredential.AllowedEndpoints"/>, or, for callers without a key or a list of
/// their own, by <see cref="ApplicationSecurityOptions.AllowedEndpoints"/>. Refusals are InvalidArgument naming the field.
/// </summary>
/// <param name="options">The security options.</param>
public sealed class EndpointPolicy(IOptions<ApplicationSecurityOptions> options)
{
    private readonly EndpointPolicyLists _lists = new(
        options.Value.AllowedEndpoints, options.Value.Applications.Select(a => (a.ApplicationId, a.AllowedEndpoints)));

    /// <summary>Whether any endpoint list is configured (when not, nothing needs checking).</summary>
    public bool Enabled => _lists.Enabled;

    /// <summary>Throws InvalidArgument naming <paramref name="field"/> when the caller may not have <paramref name="endpoint"/> called.</summary>
    /// <param name="context">The call (its authenticated application, if any).</param>
    /// <param name="field">The request field, e.g. <c>participant_endpoint</c>.</param>
    /// <param name="endpoint">The endpoint; a value that is not an absolute URL is left to the engine's own validation.</param>
    public void EnsureAllowed(ServerCallContext context, string field, string? endpoint)
    {
        if (_lists.Refusal(CallerApplication.Get(context)?.ApplicationId, endpoint) is { } refusal)
        {
            throw new InvalidRequestException(field, refusal);
        }
    }
}
