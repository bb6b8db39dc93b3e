using Microsoft.Extensions.Options;
using Transactions.Grpc;

namespace Transactions.ReliableMessage.Producer;

/// <summary>The one gRPC channel to the reliable-message service (HTTP/2 connections reused by every call).</summary>
public sealed class ReliableMessageServiceChannel : IDisposable
{
    /// <summary>Creates the channel from <see cref="ReliableMessageProducerOptions.ServiceAddress"/>.</summary>
    public ReliableMessageServiceChannel(IOptions<ReliableMessageProducerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Value.ServiceAddress;
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new InvalidOperationException("The reliable-message producer needs ServiceAddress (the service's gRPC address, e.g. http://reliable-message:5310).");
        }

        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The channel.</summary>
    public GrpcChannel Channel { get; }

    /// <inheritdoc />
    public void Dispose() => Channel.Dispose();
}
