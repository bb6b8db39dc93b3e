namespace Transactions.ReliableMessage.Diagnostics;

/// <summary>The gauges' current values, as <c>GET /api/v1/admin/metrics</c> returns them.</summary>
/// <param name="AwaitingAck">Deliveries sent and not acknowledged yet (status Delivered).</param>
/// <param name="PendingDeliveries">Deliveries waiting to be sent or re-sent (status Pending).</param>
/// <param name="DeadLetters">Dead deliveries.</param>
/// <param name="MessagesByStatus">Messages per status.</param>
/// <param name="RefreshedUnixMs">When the counts were read; null before the first read.</param>
public sealed record ReliableMessageMetricsView(
    long AwaitingAck, long PendingDeliveries, long DeadLetters, IReadOnlyDictionary<string, long> MessagesByStatus, long? RefreshedUnixMs);
