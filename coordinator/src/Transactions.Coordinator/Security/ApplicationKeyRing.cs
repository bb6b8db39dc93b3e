using Microsoft.Extensions.Options;
using Transactions.Admin.Security;

namespace Transactions.Coordinator.Security;

/// <summary>The configured applications with their key digests, decoded once; matches a presented key in constant time per key.</summary>
public sealed class ApplicationKeyRing
{
    private readonly (ApplicationCredential Application, byte[] Digest)[] _applications;
    private readonly Dictionary<string, ApplicationCredential> _byId;

    /// <summary>Creates the ring from validated options.</summary>
    /// <param name="options">The security options.</param>
    public ApplicationKeyRing(IOptions<ApplicationSecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _applications = options.Value.Applications.Select(a => (a, ApiKeyHash.Digest(a.KeyHash))).ToArray();
        _byId = options.Value.Applications.ToDictionary(a => a.ApplicationId, StringComparer.Ordinal);
        RequireKeys = options.Value.RequireApplicationKeys;
    }

    /// <summary>Whether no application is configured (then ownership is not checked at all).</summary>
    public bool IsEmpty => _applications.Length == 0;

    /// <summary>Whether every call must present a key (<see cref="ApplicationSecurityOptions.RequireApplicationKeys"/>).</summary>
    public bool RequireKeys { get; }

    /// <summary>The application whose key hash matches <paramref name="presentedKey"/>, or null. Compares with every key, always.</summary>
    /// <param name="presentedKey">The key the caller sent.</param>
    /// <returns>The matching application, or null.</returns>
    public ApplicationCredential? Match(string presentedKey) => ApiKeyHash.FindMatch(presentedKey, _applications);

    /// <summary>Whether <paramref name="applicationId"/> is a configured application (so its transactions need its key).</summary>
    /// <param name="applicationId">An application id.</param>
    /// <returns>True when configured.</returns>
    public bool IsConfigured(string applicationId) => _byId.ContainsKey(applicationId);
}
