namespace Transactions.ReliableMessage.Storage;

/// <summary>What <see cref="IMessageAttentionStore.ReadFlaggedAsync"/> read.</summary>
/// <param name="Items">The flagged messages, oldest history row first.</param>
/// <param name="Cursor">The last history row id examined.</param>
public sealed record FlaggedMessagesPage(IReadOnlyList<FlaggedMessage> Items, long Cursor);
