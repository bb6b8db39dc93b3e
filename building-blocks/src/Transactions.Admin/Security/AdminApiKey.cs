namespace Transactions.Admin.Security;

/// <summary>One admin API key as configured: a name for the audit log, the key's hash and a role.</summary>
/// <remarks>
/// The key itself is never configured, only its hash: <c>sha256:</c> followed by 64 hex digits, as printed by
/// <see cref="ApiKeyHash.Compute"/> (the coordinator prints one with <c>hash-api-key &lt;key&gt;</c>).
/// </remarks>
public sealed class AdminApiKey
{
    /// <summary>Who holds the key (e.g. <c>alice</c> or <c>oncall-bot</c>); recorded as the actor in the audit log. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The key's hash, <c>sha256:&lt;64 hex digits&gt;</c>. Required.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary>What the key may do. Default <see cref="AdminRole.ReadOnly"/>.</summary>
    public AdminRole Role { get; set; } = AdminRole.ReadOnly;
}
