using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Protocol.V1;

namespace Transactions.ReliableMessage.Consumer.Kafka;

/// <summary>
/// Consumes the handlers' topics and the group's retry topic from Kafka as Kafka group <c>ConsumerGroup</c>: polls a
/// batch (whatever is buffered, up to <see cref="ReliableMessageConsumerOptions.MaxBatchSize"/>), processes it with
/// de-duplication, queues the acknowledgements, then stores the offsets (committed in the background). A crash
/// before the offsets are committed replays the batch: the inbox turns it into acknowledgements only.
/// </summary>
/// <typeparam name="TContext">The consumer's DbContext.</typeparam>
public sealed partial class KafkaConsumerService<TContext>(
    ServiceSubscriber subscriber,
    HandlerRegistry handlers,
    MessageProcessor<TContext> processor,
    AckSender acks,
    IOptions<ReliableMessageConsumerOptions> options,
    ILogger<KafkaConsumerService<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private readonly ReliableMessageConsumerOptions _options = options.Value;
    private long _consumed;

    /// <summary>Records consumed so far.</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Whether partitions are assigned (the group has joined).</summary>
    public bool Assigned { get; private set; }

    /// <summary>The consumer configuration these options describe.</summary>
    /// <exception cref="InvalidOperationException">No broker list.</exception>
    public static ConsumerConfig CreateConfig(ReliableMessageConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            throw new InvalidOperationException("The reliable-message consumer uses Kafka but has no BootstrapServers (the broker list, e.g. \"127.0.0.1:9092\").");
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.ConsumerGroup,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1_000,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 10_000,
            // A retry topic may appear after the subscription: notice it within seconds, not minutes.
            TopicMetadataRefreshIntervalMs = 5_000,
            AllowAutoCreateTopics = true,
            SocketNagleDisable = true,
        };
        if (options.ApiVersionRequest is { } apiVersionRequest)
        {
            config.ApiVersionRequest = apiVersionRequest;
        }

        if (!string.IsNullOrEmpty(options.BrokerVersionFallback))
        {
            config.BrokerVersionFallback = options.BrokerVersionFallback;
        }

        options.ConfigureConsumer?.Invoke(config);
        return config;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var config = CreateConfig(_options);
        var retryTopic = await subscriber.SubscribeAsync(stoppingToken).ConfigureAwait(false);
        var topics = handlers.Topics.ToList();
        if (retryTopic is not null)
        {
            topics.Add(retryTopic);
        }

        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config)
            .SetErrorHandler((_, e) => LogClientError(logger, e.Code, e.Reason))
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                Assigned = true;
                LogAssigned(logger, _options.ConsumerGroup!, string.Join(",", partitions));
            })
            .SetPartitionsRevokedHandler((_, _) => Assigned = false)
            .Build();
        consumer.Subscribe(topics);
        try
        {
            await RunAsync(consumer, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                // Commits the stored offsets and leaves the group at once (a rebalance, not a session timeout).
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                LogCloseFailed(logger, ex);
            }
        }
    }

    private async Task RunAsync(IConsumer<Ignore, byte[]> consumer, CancellationToken stoppingToken)
    {
        var batch = new List<ConsumeResult<Ignore, byte[]>>(_options.MaxBatchSize);
        var envelopes = new List<MessageEnvelope>(_options.MaxBatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            batch.Clear();
            envelopes.Clear();
            try
            {
                // The blocking wait runs on the thread pool; the drain below never blocks.
                var first = await Task.Run(() => consumer.Consume(PollTimeout), stoppingToken).ConfigureAwait(false);
                if (first is null)
                {
                    continue;
                }

                batch.Add(first);
                while (batch.Count < _options.MaxBatchSize && consumer.Consume(TimeSpan.Zero) is { } next)
                {
                    batch.Add(next);
                }
            }
            catch (ConsumeException ex)
            {
                LogConsumeFailed(logger, ex.Error.Code, ex.Error.Reason);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Add(ref _consumed, batch.Count);
            foreach (var record in batch)
            {
                try
                {
                    envelopes.Add(MessageEnvelope.Parser.ParseFrom(record.Message.Value));
                }
                catch (InvalidProtocolBufferException ex)
                {
                    LogInvalidRecord(logger, record.Topic, record.Partition.Value, record.Offset.Value, ex.Message);
                }
            }

            var acknowledged = await processor.ProcessAsync(envelopes, stoppingToken).ConfigureAwait(false);
            acks.Enqueue(acknowledged);
            foreach (var record in batch)
            {
                try
                {
                    // Failed messages are not held back: the service redelivers them through the retry topic.
                    consumer.StoreOffset(record);
                }
                catch (KafkaException ex)
                {
                    // The partition was revoked meanwhile: its new owner starts from the last commit (the inbox
                    // turns the replay into acknowledgements).
                    LogStoreOffsetFailed(logger, record.Topic, record.Partition.Value, ex.Error.Reason);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Information, Message = "Kafka partitions assigned to consumer group {ConsumerGroup}: {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string consumerGroup, string partitions);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Kafka consume failed: {Code} {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Error, Message = "Skipping a record that is not a message envelope at {Topic}[{Partition}]@{Offset}: {Error}")]
    private static partial void LogInvalidRecord(ILogger logger, string topic, int partition, long offset, string error);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Debug, Message = "Offset of {Topic}[{Partition}] not stored: {Reason}")]
    private static partial void LogStoreOffsetFailed(ILogger logger, string topic, int partition, string reason);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Closing the Kafka consumer failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);
}
