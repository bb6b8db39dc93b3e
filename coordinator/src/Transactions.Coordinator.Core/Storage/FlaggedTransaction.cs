using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>A <c>needs-attention</c> history row and its transaction as it is now.</summary>
/// <param name="Event">The history row.</param>
/// <param name="Transaction">The transaction.</param>
public sealed record FlaggedTransaction(TransactionEvent Event, GlobalTransaction Transaction);
