using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>A claimed delivery with its message.</summary>
/// <param name="Delivery">The delivery row as claimed.</param>
/// <param name="Message">Its message (with payload).</param>
public sealed record DueDelivery(MessageDelivery Delivery, StoredMessage Message);
