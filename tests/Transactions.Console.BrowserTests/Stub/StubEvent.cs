namespace Transactions.Console.BrowserTests.Stub;

/// <summary>A history entry of a <see cref="StubTransaction"/>.</summary>
/// <param name="Id">Increasing id.</param>
/// <param name="AtUnixMs">When.</param>
/// <param name="Kind">What happened, e.g. <c>Phase2Failed</c>.</param>
/// <param name="BranchId">The branch concerned, if any.</param>
/// <param name="Actor">Who: <c>coordinator</c>, or an administrator's key name.</param>
/// <param name="Detail">Free text.</param>
public sealed record StubEvent(string Id, long AtUnixMs, string Kind, string? BranchId, string Actor, string? Detail)
{
    /// <summary>The JSON the API answers.</summary>
    public object ToJson() => new { id = Id, atUnixMs = AtUnixMs, kind = Kind, branchId = BranchId, actor = Actor, detail = Detail };
}
