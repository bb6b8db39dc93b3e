using Transactions.ReliableMessage.Domain;

namespace Transactions.ReliableMessage.Storage;

/// <summary>Result of <see cref="IMessageStore.PrepareAsync"/>.</summary>
/// <param name="Message">The stored message (the existing one when <paramref name="Created"/> is false).</param>
/// <param name="Created">False when the producer key matched an existing message.</param>
public sealed record PrepareOutcome(StoredMessage Message, bool Created);
