namespace Transactions.Coordinator.Engine;

/// <summary>Request to begin a global transaction.</summary>
/// <param name="Name">Business name, 1 to 128 characters.</param>
/// <param name="TimeoutMs">Timeout in milliseconds; 0 for the default.</param>
/// <param name="IdempotencyKey">Optional key making a retried Begin return the same transaction.</param>
/// <param name="ApplicationId">Optional calling application.</param>
public sealed record BeginCommand(string Name, int TimeoutMs, string? IdempotencyKey, string? ApplicationId);
