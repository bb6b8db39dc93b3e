namespace Transactions.ReliableMessage.Dispatch;

/// <summary>A consumer group a message goes to.</summary>
/// <param name="ConsumerGroup">The group.</param>
/// <param name="PushEndpoint">Its push endpoint (embedded transport), or null.</param>
public sealed record DeliveryTarget(string ConsumerGroup, string? PushEndpoint);
