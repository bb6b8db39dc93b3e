using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Dispatch;

/// <summary>One message to send.</summary>
/// <param name="Envelope">What consumers receive (its <c>target_group</c> is set for a single-group redelivery).</param>
/// <param name="Targets">The groups it is for (with their push endpoints).</param>
/// <param name="Broadcast">
/// True for a first publish, meant for every group subscribed to the topic (a broker publishes it once to the
/// topic); false for a redelivery to the single group in <paramref name="Targets"/>.
/// </param>
public sealed record OutgoingMessage(MessageEnvelope Envelope, IReadOnlyList<DeliveryTarget> Targets, bool Broadcast);
