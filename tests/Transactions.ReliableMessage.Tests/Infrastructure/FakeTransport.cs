using System.Collections.Concurrent;
using Transactions.ReliableMessage.Dispatch;

namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>A transport that records what it is asked to send and answers as told.</summary>
public sealed class FakeTransport : IMessageTransport
{
    public ConcurrentQueue<OutgoingMessage> Sent { get; } = new();

    /// <summary>The answer for a send; default: broadcast Sent, per-group Sent.</summary>
    public Func<OutgoingMessage, DeliveryTarget?, SendResult> Answer { get; set; } = (_, _) => SendResult.Sent;

    /// <summary>When true, answers per group even for a broadcast (like the push transport).</summary>
    public bool PerGroup { get; set; }

    public string Name => "fake";

    public string? GetRetryAddress(string consumerGroup) => "retry." + consumerGroup;

    public Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        var outcomes = new List<SendOutcome>();
        foreach (var item in batch)
        {
            Sent.Enqueue(item);
            if (item.Broadcast && !PerGroup)
            {
                var result = Answer(item, null);
                outcomes.Add(new SendOutcome(item.Envelope.MessageId, null, result, result == SendResult.Sent ? null : "fake failure"));
                continue;
            }

            foreach (var target in item.Targets)
            {
                var result = Answer(item, target);
                outcomes.Add(new SendOutcome(item.Envelope.MessageId, target.ConsumerGroup, result, result is SendResult.Sent or SendResult.Acknowledged ? null : "fake failure"));
            }
        }

        return Task.FromResult<IReadOnlyList<SendOutcome>>(outcomes);
    }
}
