using Confluent.Kafka;

namespace Transactions.ReliableMessage.Kafka;

/// <summary>
/// Settings of the Kafka transport, bound from the <c>Kafka</c> configuration section. Anything else of the
/// Confluent producer is set through <see cref="ConfigureProducer"/>.
/// </summary>
public sealed class KafkaTransportOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Default prefix of the per-group retry topics: <c>rm.retry.</c>.</summary>
    public const string DefaultRetryTopicPrefix = "rm.retry.";

    /// <summary>Broker list, e.g. <c>kafka1:9092,kafka2:9092</c>. Required; no default.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>
    /// librdkafka's <c>api.version.request</c>. Default (null): librdkafka's default (true), right for brokers from
    /// 0.10 on; set false for a Kafka 0.9 broker (such as the one these machines run), with
    /// <see cref="BrokerVersionFallback"/>.
    /// </summary>
    public bool? ApiVersionRequest { get; set; }

    /// <summary>librdkafka's <c>broker.version.fallback</c>, e.g. <c>0.9.0.1</c>. Default (null): librdkafka's default.</summary>
    public string? BrokerVersionFallback { get; set; }

    /// <summary>
    /// Prefix of the per-group retry topics: a redelivery to group G goes to <c>{prefix}{G}</c>, which the consumer
    /// SDK subscribes for G, so groups that acknowledged never see it again. Default: <c>rm.retry.</c>.
    /// </summary>
    public string RetryTopicPrefix { get; set; } = DefaultRetryTopicPrefix;

    /// <summary>How long the producer keeps trying to deliver a record before reporting failure (librdkafka <c>message.timeout.ms</c>). Default: 30 seconds.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the producer waits to batch records (librdkafka <c>linger.ms</c>). Default: 2 ms.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Changes the Confluent <see cref="ProducerConfig"/> last, after every setting above. Default: none.</summary>
    public Action<ProducerConfig>? ConfigureProducer { get; set; }

    /// <summary>The retry topic of <paramref name="consumerGroup"/>.</summary>
    /// <param name="consumerGroup">The group.</param>
    /// <returns>The topic name.</returns>
    public string RetryTopicFor(string consumerGroup) => RetryTopicPrefix + consumerGroup;

    /// <summary>The producer configuration these options describe.</summary>
    /// <returns>A new configuration.</returns>
    /// <exception cref="InvalidOperationException"><see cref="BootstrapServers"/> is missing.</exception>
    public ProducerConfig CreateProducerConfig()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new InvalidOperationException(
                $"The setting {SectionName}:{nameof(BootstrapServers)} is missing: the Kafka transport needs the broker list (for example \"127.0.0.1:9092\").");
        }

        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            Acks = Acks.All,
            LingerMs = Linger.TotalMilliseconds,
            MessageTimeoutMs = (int)DeliveryTimeout.TotalMilliseconds,
            EnableDeliveryReports = true,
            DeliveryReportFields = "none",
            SocketNagleDisable = true,
        };
        if (ApiVersionRequest is { } apiVersionRequest)
        {
            config.ApiVersionRequest = apiVersionRequest;
        }

        if (!string.IsNullOrEmpty(BrokerVersionFallback))
        {
            config.BrokerVersionFallback = BrokerVersionFallback;
        }

        ConfigureProducer?.Invoke(config);
        return config;
    }
}
