namespace Transactions.Admin.Security;

/// <summary>Admin API security (configuration section <c>Admin</c>).</summary>
public sealed class AdminSecurityOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Admin";

    /// <summary>
    /// The accepted API keys. Default: none, which leaves the admin API closed (every call answers 401 saying no key
    /// is configured): an admin surface is never open by default.
    /// </summary>
    public IList<AdminApiKey> ApiKeys { get; } = [];

    /// <summary>The request header that carries the key. Default <c>X-Api-Key</c>; <c>Authorization: ApiKey &lt;key&gt;</c> is accepted too.</summary>
    public string HeaderName { get; set; } = "X-Api-Key";

    /// <summary>The path under which request bodies are capped by <c>UseAdminRequestLimits()</c>. Default <c>/api/v1/admin</c>.</summary>
    public string PathPrefix { get; set; } = "/api/v1/admin";

    /// <summary>The largest admin request body, in bytes. Default 65,536 (64 KiB); an action's body is a reason of at most 1,000 characters.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
