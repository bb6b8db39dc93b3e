namespace Transactions.ReliableMessage.Dispatch;

/// <summary>Outcome of sending one message (to one group, or to every group when <paramref name="ConsumerGroup"/> is null).</summary>
/// <param name="MessageId">The message.</param>
/// <param name="ConsumerGroup">The group, or null for a broadcast that reached every group at once.</param>
/// <param name="Result">What happened.</param>
/// <param name="Error">Why, for <see cref="SendResult.Rejected"/> and <see cref="SendResult.Failed"/>.</param>
public readonly record struct SendOutcome(long MessageId, string? ConsumerGroup, SendResult Result, string? Error = null);
