namespace Transactions.Grpc;

/// <summary>
/// Handles one unary call on the server. Throw <see cref="RpcException"/> to end the call with a status;
/// any other exception ends it with <see cref="StatusCode.Internal"/>.
/// </summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
/// <param name="request">The parsed request message.</param>
/// <param name="context">The call context (headers, trailers, deadline, cancellation).</param>
/// <returns>The response message.</returns>
public delegate Task<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context);
