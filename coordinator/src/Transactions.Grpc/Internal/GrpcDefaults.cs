namespace Transactions.Grpc.Internal;

/// <summary>Default values of the binding's options.</summary>
internal static class GrpcDefaults
{
    /// <summary>4 MiB, the gRPC default for received messages.</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>The time a pooled HTTP/2 connection may stay idle before it is closed.</summary>
    public static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The time allowed to open a TCP connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Idle time before an HTTP/2 PING checks the connection.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the PING's answer before closing the connection.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(30);
}
