namespace Transactions.Hosting.Grpc;

/// <summary>
/// Settings of a service's gRPC server (configuration section <c>Grpc</c>). Detailed errors are always off: an
/// unhandled exception answers <c>Internal</c> "Exception was thrown by handler." and never its text or stack trace.
/// </summary>
public sealed class ServiceGrpcOptions
{
    /// <summary>The configuration section: <c>Grpc</c>.</summary>
    public const string SectionName = "Grpc";

    /// <summary>
    /// The largest request message accepted, in bytes; a larger one is refused with <c>ResourceExhausted</c> before it
    /// is buffered. Default: null, meaning the service's own default (coordinator 1 MiB, reliable-message 8 MiB).
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; }

    /// <summary>The largest response message sent, in bytes. Default: 4 MiB (4,194,304).</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Serve gRPC server reflection (<c>grpc.reflection.v1alpha</c>), so tools such as grpcurl can list the services
    /// and call them without the .proto files. Default: true.
    /// </summary>
    public bool EnableReflection { get; set; } = true;
}
