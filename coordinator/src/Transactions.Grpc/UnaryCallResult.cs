namespace Transactions.Grpc;

/// <summary>
/// A successful unary call's response together with the metadata the server sent.
/// Returned by <see cref="GrpcChannel.UnaryWithMetadataAsync{TRequest, TResponse}"/>.
/// </summary>
/// <typeparam name="TResponse">The response message type.</typeparam>
/// <param name="Response">The response message.</param>
/// <param name="ResponseHeaders">Custom metadata from the response headers (HTTP's own headers excluded).</param>
/// <param name="Trailers">Custom metadata from the trailers (<c>grpc-status</c> and <c>grpc-message</c> excluded).</param>
public sealed record UnaryCallResult<TResponse>(TResponse Response, Metadata ResponseHeaders, Metadata Trailers);
