namespace Transactions.ReliableMessage.Consumer;

/// <summary>How a consumer group receives messages.</summary>
public enum ConsumerTransport
{
    /// <summary>Consumes the topics (and the group's retry topic) from Kafka; acknowledges to the service.</summary>
    Kafka = 0,

    /// <summary>Embedded mode: the service pushes to this application's endpoint; the response acknowledges.</summary>
    Push = 1,
}
