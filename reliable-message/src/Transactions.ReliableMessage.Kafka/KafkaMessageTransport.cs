using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Dispatch;

namespace Transactions.ReliableMessage.Kafka;

/// <summary>
/// Publishes through one shared Confluent producer. A first publish goes once to the message's topic (every
/// consumer group of the topic gets it); a redelivery goes to the target group's retry topic only. The record
/// key is the message key (so records of one key land on one partition, in order) and the record value is the
/// protobuf <c>MessageEnvelope</c> with the message id and every piece of metadata (Kafka 0.9 drops headers).
/// </summary>
public sealed partial class KafkaMessageTransport : IMessageTransport, IDisposable
{
    private readonly KafkaTransportOptions _options;
    private readonly ILogger<KafkaMessageTransport> _logger;
    private readonly Lazy<IProducer<byte[]?, byte[]>> _producer;

    /// <summary>Creates the transport; the producer is created on first use.</summary>
    public KafkaMessageTransport(IOptions<KafkaTransportOptions> options, ILogger<KafkaMessageTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _producer = new Lazy<IProducer<byte[]?, byte[]>>(
            () => new ProducerBuilder<byte[]?, byte[]>(_options.CreateProducerConfig())
                .SetLogHandler((_, m) => LogClient(_logger, m.Level.ToString(), m.Facility, m.Message))
                .SetErrorHandler((_, e) => LogClientError(_logger, e.Code, e.Reason))
                .Build(),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => "kafka";

    /// <inheritdoc />
    public string? GetRetryAddress(string consumerGroup) => _options.RetryTopicFor(consumerGroup);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sends = new List<Send>(batch.Count);
        foreach (var item in batch)
        {
            var key = string.IsNullOrEmpty(item.Envelope.Key) ? null : System.Text.Encoding.UTF8.GetBytes(item.Envelope.Key);
            if (item.Broadcast)
            {
                sends.Add(new Send(item.Envelope.MessageId, null, item.Envelope.Topic, key, item.Envelope));
            }
            else
            {
                foreach (var target in item.Targets)
                {
                    sends.Add(new Send(item.Envelope.MessageId, target.ConsumerGroup, _options.RetryTopicFor(target.ConsumerGroup), key, item.Envelope));
                }
            }
        }

        if (sends.Count == 0)
        {
            return [];
        }

        IProducer<byte[]?, byte[]> producer;
        try
        {
            producer = _producer.Value;
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException or ArgumentException)
        {
            return sends.Select(s => new SendOutcome(s.MessageId, s.ConsumerGroup, SendResult.Failed, ex.Message)).ToArray();
        }

        var outcomes = new SendOutcome[sends.Count];
        var pending = sends.Count;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < sends.Count; i++)
        {
            var index = i;
            var send = sends[i];
            void Complete(SendResult result, string? error)
            {
                outcomes[index] = new SendOutcome(send.MessageId, send.ConsumerGroup, result, error);
                if (Interlocked.Decrement(ref pending) == 0)
                {
                    done.TrySetResult();
                }
            }

            try
            {
                producer.Produce(
                    send.Topic,
                    new Message<byte[]?, byte[]> { Key = send.Key, Value = send.Envelope.ToByteArray() },
                    report => Complete(
                        report.Error.IsError ? SendResult.Failed : SendResult.Sent,
                        report.Error.IsError ? $"Kafka: {report.Error.Code}: {report.Error.Reason}" : null));
            }
            catch (Exception ex) when (ex is ProduceException<byte[]?, byte[]> or KafkaException or ArgumentException or InvalidOperationException)
            {
                Complete(SendResult.Failed, $"Kafka: {ex.Message}");
            }
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var failed = outcomes.Count(o => o.Result == SendResult.Failed);
        if (failed > 0)
        {
            LogSendFailed(_logger, failed, sends.Count, outcomes.First(o => o.Result == SendResult.Failed).Error ?? string.Empty);
        }

        return outcomes;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            var producer = _producer.Value;
            producer.Flush(TimeSpan.FromSeconds(5));
            producer.Dispose();
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "{Failed} of {Total} Kafka record(s) were not delivered: {Error}")]
    private static partial void LogSendFailed(ILogger logger, int failed, int total, string error);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "librdkafka {Level} {Facility}: {Message}")]
    private static partial void LogClient(ILogger logger, string level, string facility, string message);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Kafka producer error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, ErrorCode code, string reason);

    private sealed record Send(long MessageId, string? ConsumerGroup, string Topic, byte[]? Key, Google.Protobuf.IMessage Envelope);
}
