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
public sealed class EndpointPolicy
{
    private readonly EndpointAllowList _default;
    private readonly Dictionary<string, EndpointAllowList> _byApplication;

    /// <summary>Creates the policy from validated options.</summary>
    /// <param name="options">The security options.</param>
    public EndpointPolicy(IOptions<ApplicationSecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _default = EndpointAllowList.Create(options.Value.AllowedEndpoints);
        _byApplication = options.Value.Applications
            .Where(a => a.AllowedEndpoints.Count > 0)
            .ToDictionary(a => a.ApplicationId, a => EndpointAllowList.Create(a.AllowedEndpoints), StringComparer.Ordinal);
    }

    /// <summary>Throws InvalidArgument naming <paramref name="field"/> when the caller may not have <paramref name="endpoint"/> called.</summary>
    /// <param name="context">The call (its authenticated application, if any).</param>
    /// <param name="field">The request field, e.g. <c>participant_endpoint</c>.</param>
    /// <param name="endpoint">The endpoint; a value that is not an absolute URL is left to the engine's own validation.</param>
    public void EnsureAllowed(ServerCallContext context, string field, string? endpoint)
    {
        var caller = CallerApplication.Get(context);
        var list = caller is not null && _byApplication.TryGetValue(caller.ApplicationId, out var own) ? own : _default;
        if (list.IsEmpty || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || list.Allows(uri))
        {
            return;
        }

        var whose = caller is null ? "callers without an application key" : $"application '{caller.ApplicationId}'";
        throw new InvalidRequestException(field, $"'{endpoint}' is not an endpoint {whose} may use (Security:AllowedEndpoints).");
    }
}
