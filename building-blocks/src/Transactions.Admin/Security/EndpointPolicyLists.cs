namespace Transactions.Admin.Security;

/// <summary>
/// The endpoint allow-lists of one service: a default list for callers without a key (or without a list of their own)
/// and one per application. Both services ask it whether a caller may have them call an endpoint, and throw their
/// own error (naming the request field) when not.
/// </summary>
public sealed class EndpointPolicyLists
{
    private readonly EndpointAllowList _default;
    private readonly Dictionary<string, EndpointAllowList> _byApplication;

    /// <summary>Builds the lists from validated configuration.</summary>
    /// <param name="defaultEntries">The service's <c>Security:AllowedEndpoints</c>.</param>
    /// <param name="applications">Each application's id and its own <c>AllowedEndpoints</c> (empty: the default applies).</param>
    public EndpointPolicyLists(IEnumerable<string> defaultEntries, IEnumerable<(string ApplicationId, IList<string> Entries)> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        _default = EndpointAllowList.Create(defaultEntries);
        _byApplication = applications.Where(a => a.Entries.Count > 0)
            .ToDictionary(a => a.ApplicationId, a => EndpointAllowList.Create(a.Entries), StringComparer.Ordinal);
    }

    /// <summary>Whether any list restricts anything (when not, no endpoint needs checking).</summary>
    public bool Enabled => !_default.IsEmpty || _byApplication.Count > 0;

    /// <summary>
    /// Why <paramref name="applicationId"/> (null: a caller without a key) may not have <paramref name="endpoint"/>
    /// called, or null when it may. A value that is not an absolute URL passes: the service validates its shape.
    /// </summary>
    public string? Refusal(string? applicationId, string? endpoint)
    {
        var list = applicationId is not null && _byApplication.TryGetValue(applicationId, out var own) ? own : _default;
        if (list.IsEmpty || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || list.Allows(uri))
        {
            return null;
        }

        var whose = applicationId is null ? "callers without an application key" : $"application '{applicationId}'";
        return $"'{endpoint}' is not an endpoint {whose} may use (Security:AllowedEndpoints).";
    }
}
