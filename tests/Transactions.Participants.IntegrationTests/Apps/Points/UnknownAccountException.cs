namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>The user has no points account.</summary>
public sealed class UnknownAccountException(string userId) : Exception($"User {userId} has no points account.");
