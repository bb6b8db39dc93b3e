namespace Transactions.ReliableMessage.Storage;

/// <summary>How many messages and deliveries are in each status (statuses with none are listed with 0).</summary>
/// <param name="Messages">Messages per <see cref="Domain.MessageStatus"/> name.</param>
/// <param name="Deliveries">Deliveries per <see cref="Domain.DeliveryStatus"/> name.</param>
/// <param name="DeadLetters">Dead deliveries (the dead-letter listing's size).</param>
public sealed record StatusCounts(IReadOnlyDictionary<string, long> Messages, IReadOnlyDictionary<string, long> Deliveries, long DeadLetters);
