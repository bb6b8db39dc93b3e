using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Engine;

/// <summary>Result of Prepare.</summary>
/// <param name="Message">The stored message.</param>
/// <param name="Existing">True when the producer key matched an existing message.</param>
public sealed record PrepareResult(StoredMessage Message, bool Existing);
