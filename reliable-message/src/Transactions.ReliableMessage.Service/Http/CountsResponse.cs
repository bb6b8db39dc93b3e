namespace Transactions.ReliableMessage.Service.Http;

/// <summary>Counts for operators (<c>GET /api/v1/admin/counts</c>).</summary>
/// <param name="Messages">Messages per status (every status listed, 0 when none).</param>
/// <param name="Deliveries">Deliveries per status (every status listed, 0 when none).</param>
/// <param name="DeadLetters">Dead deliveries.</param>
public sealed record CountsResponse(IReadOnlyDictionary<string, long> Messages, IReadOnlyDictionary<string, long> Deliveries, long DeadLetters);
