using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Kafka;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Transport;

/// <summary>The transport suite on the real Kafka broker (first publishes to the topic, redeliveries to retry topics).</summary>
[RequiresEnvironmentVariable(TestEnvironment.KafkaVariable)]
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class KafkaTransportTests : TransportComplianceTests
{
    protected override ConsumerTransport ConsumerTransport => ConsumerTransport.Kafka;

    protected override IMessageTransport CreateTransport() => new KafkaMessageTransport(
        Microsoft.Extensions.Options.Options.Create(new KafkaTransportOptions
        {
            BootstrapServers = TestEnvironment.KafkaBootstrapServers,
            ApiVersionRequest = false,
            BrokerVersionFallback = "0.9.0.1",
        }),
        NullLogger<KafkaMessageTransport>.Instance);
}
