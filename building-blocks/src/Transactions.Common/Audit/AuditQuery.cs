namespace Transactions.Common.Audit;

/// <summary>A page of the audit log, newest first.</summary>
/// <param name="Target">Only records whose target starts with this (e.g. <c>message/42</c>); null for all.</param>
/// <param name="Actor">Only records by this key name; null for all.</param>
/// <param name="BeforeId">Only records older than this id (the previous page's last id); null for the newest.</param>
/// <param name="Limit">Page size, 1..<see cref="MaxLimit"/>.</param>
public sealed record AuditQuery(string? Target, string? Actor, long? BeforeId, int Limit)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;
}
