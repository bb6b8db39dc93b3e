namespace Transactions.ReliableMessage.Service.Http;

/// <summary>One consumer group's delivery of a message.</summary>
public sealed record DeliveryView(string ConsumerGroup, string Status, int Attempts, long? NextAttemptUnixMs, long? DeliveredUnixMs, long? AckedUnixMs, string? LastError);
