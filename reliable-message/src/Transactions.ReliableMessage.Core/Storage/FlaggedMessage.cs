using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>A <c>parked</c> or <c>dead-lettered</c> history row and its message as it is now.</summary>
/// <param name="Event">The history row (its consumer group names the dead letter's group).</param>
/// <param name="Message">The message.</param>
public sealed record FlaggedMessage(MessageEvent Event, StoredMessage Message);
