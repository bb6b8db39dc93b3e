namespace Samples.Contracts.Points;

/// <summary>Body of <c>POST /api/points/pending</c> (the Try of the points branch; needs the <c>tx-xid</c> header).</summary>
/// <param name="UserId">The user.</param>
/// <param name="Points">Points to add as pending.</param>
public sealed record AddPointsRequest(string? UserId, int Points);
