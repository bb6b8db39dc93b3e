using Microsoft.AspNetCore.Http;

namespace Transactions.Grpc;

/// <summary>
/// The server-side context of one call, passed to handlers and interceptors.
/// Abstract so that services can be unit-tested with a hand-written fake.
/// </summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, e.g. <c>/transactions.v1.TransactionManager/Begin</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, e.g. <c>ipv4:127.0.0.1:50312</c> or <c>ipv6:[::1]:50312</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The call's deadline (UTC) from <c>grpc-timeout</c>; <see cref="DateTime.MaxValue"/> when none.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>The custom metadata the client sent (protocol headers excluded).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Metadata to send back as trailers, with the status (also on errors).</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>Cancelled when the client cancels or disconnects, or when the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>The underlying ASP.NET Core request.</summary>
    /// <returns>The HTTP context.</returns>
    public abstract HttpContext GetHttpContext();
}
