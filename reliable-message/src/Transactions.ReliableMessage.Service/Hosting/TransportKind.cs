namespace Transactions.ReliableMessage.Service.Hosting;

/// <summary>The transport the service delivers through (setting <c>ReliableMessage:Transport</c>).</summary>
public enum TransportKind
{
    /// <summary>Kafka (production): settings in the <c>Kafka</c> section.</summary>
    Kafka = 0,

    /// <summary>Embedded push to the consumers' endpoints, no broker (the demo).</summary>
    Push = 1,
}
