using Microsoft.Extensions.Logging.Abstractions;
using Transactions.ReliableMessage.Consumer;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Push;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Transport;

/// <summary>The transport suite on the embedded push transport (the service calls the consumer's endpoint).</summary>
[RequiresEnvironmentVariable(TestEnvironment.PostgresVariable)]
public sealed class PushTransportTests : TransportComplianceTests
{
    protected override ConsumerTransport ConsumerTransport => ConsumerTransport.Push;

    protected override IMessageTransport CreateTransport() => new PushMessageTransport(
        Microsoft.Extensions.Options.Options.Create(new ReliableMessageOptions()),
        TimeProvider.System,
        NullLogger<PushMessageTransport>.Instance);
}
