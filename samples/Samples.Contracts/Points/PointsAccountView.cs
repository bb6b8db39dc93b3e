namespace Samples.Contracts.Points;

/// <summary>A user's points.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Pending">Points of orders whose global transaction has not finished.</param>
/// <param name="Available">Points of confirmed orders.</param>
public sealed record PointsAccountView(string UserId, int Pending, int Available);
