using Microsoft.Extensions.Options;
using Transactions.Grpc;

namespace Transactions.ReliableMessage.Consumer;

/// <summary>The one gRPC channel to the reliable-message service.</summary>
public sealed class ConsumerServiceChannel : IDisposable
{
    /// <summary>Creates the channel from <see cref="ReliableMessageConsumerOptions.ServiceAddress"/>.</summary>
    public ConsumerServiceChannel(IOptions<ReliableMessageConsumerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Value.ServiceAddress;
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new InvalidOperationException("The reliable-message consumer needs ServiceAddress (the service's gRPC address, e.g. http://reliable-message:5310).");
        }

        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The channel.</summary>
    public GrpcChannel Channel { get; }

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
