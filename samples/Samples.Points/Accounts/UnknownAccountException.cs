namespace Samples.Points.Accounts;

/// <summary>The user has no points account.</summary>
/// <param name="userId">The user.</param>
public sealed class UnknownAccountException(string userId) : Exception($"User '{userId}' has no points account.");
