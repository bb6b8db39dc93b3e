using Confluent.Kafka;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Consumer.Kafka;
using Transactions.ReliableMessage.Kafka;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Kafka;

public sealed class KafkaTransportOptionsTests
{
    [Fact]
    public void CreateProducerConfig_NoBootstrapServers_ThrowsNamingTheSetting()
    {
        var sut = new KafkaTransportOptions();

        var ex = Assert.Throws<InvalidOperationException>(() => sut.CreateProducerConfig());

        Assert.Contains("Kafka:BootstrapServers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateProducerConfig_LegacyBrokerSettingsAndCallback_AppliedCallbackLast()
    {
        var sut = new KafkaTransportOptions
        {
            BootstrapServers = "127.0.0.1:59092",
            ApiVersionRequest = false,
            BrokerVersionFallback = "0.9.0.1",
            ConfigureProducer = c => c.LingerMs = 50,
        };

        var config = sut.CreateProducerConfig();

        Assert.False(config.ApiVersionRequest);
        Assert.Equal("0.9.0.1", config.BrokerVersionFallback);
        Assert.Equal(50, config.LingerMs);
        Assert.Equal(Acks.All, config.Acks);
    }

    [Fact]
    public void CreateProducerConfig_ModernBroker_LeavesLibrdkafkaDefaults()
    {
        var config = new KafkaTransportOptions { BootstrapServers = "kafka:9092" }.CreateProducerConfig();

        Assert.Null(config.ApiVersionRequest);
        Assert.Null(config.BrokerVersionFallback);
    }

    [Fact]
    public void RetryTopicFor_Group_UsesThePrefix()
    {
        Assert.Equal("rm.retry.warehouse", new KafkaTransportOptions().RetryTopicFor("warehouse"));
    }

    [Fact]
    public void ConsumerCreateConfig_GroupAndManualOffsetStore()
    {
        var config = KafkaConsumerService<ShopDbContext>.CreateConfig(new ReliableMessageConsumerOptions
        {
            BootstrapServers = "127.0.0.1:59092",
            ConsumerGroup = "warehouse",
            ApiVersionRequest = false,
            BrokerVersionFallback = "0.9.0.1",
            ConfigureConsumer = c => c.SessionTimeoutMs = 6_000,
        });

        Assert.Equal("warehouse", config.GroupId);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal(AutoOffsetReset.Earliest, config.AutoOffsetReset);
        Assert.False(config.ApiVersionRequest);
        Assert.Equal(6_000, config.SessionTimeoutMs);
    }
}
