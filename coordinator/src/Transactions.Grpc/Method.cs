using Google.Protobuf;

namespace Transactions.Grpc;

/// <summary>
/// Describes one unary gRPC method: its service, name, HTTP/2 path and message parsers.
/// Create one per method and reuse it (it is immutable).
/// </summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    /// <summary>Creates a method description.</summary>
    /// <param name="serviceName">The fully qualified service name, e.g. <c>transactions.v1.TransactionManager</c>.</param>
    /// <param name="name">The method name, e.g. <c>Begin</c>.</param>
    /// <param name="requestParser">Parses request messages.</param>
    /// <param name="responseParser">Parses response messages.</param>
    public Method(string serviceName, string name, MessageParser<TRequest> requestParser, MessageParser<TResponse> responseParser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(requestParser);
        ArgumentNullException.ThrowIfNull(responseParser);
        if (serviceName.Contains('/', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Service and method names must not contain '/'.");
        }

        ServiceName = serviceName;
        Name = name;
        FullName = "/" + serviceName + "/" + name;
        RequestParser = requestParser;
        ResponseParser = responseParser;
    }

    /// <summary>The fully qualified service name, e.g. <c>transactions.v1.TransactionManager</c>.</summary>
    public string ServiceName { get; }

    /// <summary>The method name, e.g. <c>Begin</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP/2 <c>:path</c>: <c>"/" + ServiceName + "/" + Name</c>, e.g. <c>/transactions.v1.TransactionManager/Begin</c>.</summary>
    public string FullName { get; }

    /// <summary>Parses request messages.</summary>
    public MessageParser<TRequest> RequestParser { get; }

    /// <summary>Parses response messages.</summary>
    public MessageParser<TResponse> ResponseParser { get; }

    /// <summary>Returns <see cref="FullName"/>.</summary>
    /// <returns>The full name.</returns>
    public override string ToString() => FullName;
}
