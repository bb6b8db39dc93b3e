using Google.Protobuf;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Dispatch;

/// <summary>Builds the envelope consumers receive from a stored message.</summary>
public static class Envelopes
{
    /// <summary>The envelope of <paramref name="message"/> for attempt <paramref name="attempt"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="attempt">1 for a first delivery.</param>
    /// <param name="targetGroup">The single group of a redelivery, or null.</param>
    /// <param name="sentUnixMs">Send time.</param>
    /// <returns>The envelope.</returns>
    public static MessageEnvelope Create(StoredMessage message, int attempt, string? targetGroup, long sentUnixMs)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new MessageEnvelope
        {
            MessageId = message.MessageId,
            Topic = message.Topic,
            Key = message.Key ?? string.Empty,
            ProducerGroup = message.ProducerGroup,
            Attempt = attempt,
            CreatedUnixMs = message.CreatedUnixMs,
            CommittedUnixMs = message.CommittedUnixMs ?? 0,
            SentUnixMs = sentUnixMs,
            Payload = ByteString.CopyFrom(message.Payload),
            TargetGroup = targetGroup ?? string.Empty,
        };
    }
}
