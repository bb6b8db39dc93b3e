using Google.Protobuf;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Transactions.Grpc;
using Transactions.Grpc.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps unary gRPC methods onto ASP.NET Core endpoints.
/// </summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <paramref name="method"/> as <c>POST {method.FullName}</c>: the gRPC protocol over HTTP/2
    /// (Kestrel must listen with HTTP/2 enabled; plaintext endpoints need <c>Protocols = Http2</c> for h2c).
    /// Requires <c>services.AddGrpcBinding()</c>.
    /// </summary>
    /// <typeparam name="TRequest">The request message type.</typeparam>
    /// <typeparam name="TResponse">The response message type.</typeparam>
    /// <param name="endpoints">The endpoint route builder (e.g. the <c>WebApplication</c>).</param>
    /// <param name="method">The method to serve.</param>
    /// <param name="handler">Handles each call.</param>
    /// <returns>A builder to add conventions (authorization, metadata, ...) to the endpoint.</returns>
    /// <exception cref="InvalidOperationException"><c>AddGrpcBinding</c> was not called.</exception>
    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints,
        Method<TRequest, TResponse> method,
        UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);

        var services = endpoints.ServiceProvider;
        if (services.GetService<GrpcBindingMarkerService>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the gRPC binding's services. Call services.AddGrpcBinding() before mapping gRPC methods.");
        }

        var options = services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(GrpcServerLog.CategoryName);
        var callHandler = new UnaryServerCallHandler<TRequest, TResponse>(method, handler, options, timeProvider, logger);

        return endpoints.MapPost(method.FullName, callHandler.HandleCallAsync)
            .WithDisplayName("gRPC - " + method.FullName)
            .WithMetadata(method);
    }
}
