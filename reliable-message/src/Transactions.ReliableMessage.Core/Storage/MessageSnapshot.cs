using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>A message and its deliveries.</summary>
public sealed record MessageSnapshot(StoredMessage Message, IReadOnlyList<MessageDelivery> Deliveries);
