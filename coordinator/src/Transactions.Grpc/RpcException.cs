namespace Transactions.Grpc;

/// <summary>
/// A gRPC call ended with a non-OK <see cref="Status"/>. Thrown by the client for failed calls and
/// thrown by server handlers (or interceptors) to end a call with a specific status.
/// </summary>
public class RpcException : Exception
{
    /// <summary>Creates an exception for <paramref name="status"/> with optional trailers.</summary>
    /// <param name="status">The status of the call.</param>
    /// <param name="trailers">Trailing metadata sent (server) or received (client); <see cref="Metadata.Empty"/> when null.</param>
    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? Metadata.Empty;
    }

    /// <summary>Creates an exception for a status code and detail message, without trailers.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="detail">The detail message.</param>
    public RpcException(StatusCode code, string detail)
        : this(new Status(code, detail))
    {
    }

    /// <summary>Creates an exception for <paramref name="status"/> caused by <paramref name="innerException"/>.</summary>
    /// <param name="status">The status of the call.</param>
    /// <param name="trailers">Trailing metadata; <see cref="Metadata.Empty"/> when null.</param>
    /// <param name="innerException">The local cause (never sent on the wire).</param>
    public RpcException(Status status, Metadata? trailers, Exception? innerException)
        : base(status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers ?? Metadata.Empty;
    }

    /// <summary>The status of the call.</summary>
    public Status Status { get; }

    /// <summary>The status code of the call (shortcut for <c>Status.StatusCode</c>).</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>The trailing metadata of the call; never null.</summary>
    public Metadata Trailers { get; }
}
