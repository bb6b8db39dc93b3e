using System.ComponentModel.DataAnnotations;
using Confluent.Kafka;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>Settings of the consumer SDK.</summary>
public sealed class ReliableMessageConsumerOptions
{
    /// <summary>gRPC address of the reliable-message service, e.g. <c>http://reliable-message:5310</c>. Required.</summary>
    [Required]
    public string? ServiceAddress { get; set; }

    /// <summary>The consumer group (1-128 characters of [a-zA-Z0-9._-]); also the Kafka group id. Required.</summary>
    [Required]
    [StringLength(128, MinimumLength = 1)]
    public string? ConsumerGroup { get; set; }

    /// <summary>
    /// This application's key on the service's producer/consumer API (its <c>Security:Applications</c>), sent in the
    /// <c>x-rm-app-key</c> metadata of every call; printable ASCII without spaces. Default: null (no key; a service
    /// with <c>Security:RequireApplicationKeys</c> then refuses the calls).
    /// </summary>
    [RegularExpression("^[!-~]+$", ErrorMessage = "ApplicationKey must be printable ASCII without spaces (it is sent as gRPC metadata).")]
    public string? ApplicationKey { get; set; }

    /// <summary>How messages arrive. Default: <see cref="ConsumerTransport.Kafka"/>.</summary>
    public ConsumerTransport Transport { get; set; } = ConsumerTransport.Kafka;

    /// <summary>Push transport: this application's gRPC base address the service pushes to (<c>app.MapReliableMessageConsumer()</c>). Required for push.</summary>
    public string? PushEndpoint { get; set; }

    /// <summary>Kafka: broker list. Required for Kafka.</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>Kafka: librdkafka's <c>api.version.request</c>; false for a Kafka 0.9 broker. Default (null): librdkafka's default.</summary>
    public bool? ApiVersionRequest { get; set; }

    /// <summary>Kafka: librdkafka's <c>broker.version.fallback</c>, e.g. <c>0.9.0.1</c>. Default (null): librdkafka's default.</summary>
    public string? BrokerVersionFallback { get; set; }

    /// <summary>Kafka: changes the Confluent <see cref="ConsumerConfig"/> last, after every setting above. Default: none.</summary>
    public Action<ConsumerConfig>? ConfigureConsumer { get; set; }

    /// <summary>
    /// Most messages processed in one local transaction (one de-dup query, one commit). A failing batch is retried one
    /// message at a time, so one bad message never holds back the others. Default: 100.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>Most message ids per Ack call. Default: 1,000.</summary>
    [Range(1, 10_000)]
    public int AckBatchSize { get; set; } = 1_000;

    /// <summary>Timeout of one call to the service. Default: 5 seconds.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a failed Ack call (exponential backoff with jitter); afterwards the service redelivers and the inbox de-duplicates. Default: 5.</summary>
    [Range(0, 100)]
    public int AckRetries { get; set; } = 5;

    /// <summary>Base delay of the Ack retries. Default: 200 ms.</summary>
    public TimeSpan AckRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long start-up keeps trying to subscribe the group at the service. Default: 60 seconds.</summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
