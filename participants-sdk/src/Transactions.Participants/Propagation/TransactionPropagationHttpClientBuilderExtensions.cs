using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Transactions.Participants;
using Transactions.Protocol.Tracing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds outgoing XID propagation to HttpClients and gRPC clients made by the client factories.</summary>
public static class TransactionPropagationHttpClientBuilderExtensions
{
    /// <summary>
    /// Makes every request or call of the client sent inside a global transaction carry the XID. For an HttpClient
    /// (<c>services.AddHttpClient(...)</c>) it adds <see cref="TransactionPropagationHandler"/>: the <c>tx-xid</c>
    /// header. For a gRPC client (<c>services.AddGrpcClient&lt;TClient&gt;(...)</c>) it adds
    /// <see cref="TransactionPropagationInterceptor"/>: the <c>tx-xid</c> metadata, plus
    /// <see cref="TraceContextHandler"/> so the call also carries the W3C trace context of the current span. Either
    /// way a value the caller set itself is kept.
    /// </summary>
    /// <param name="builder">The client builder (from <c>services.AddHttpClient(...)</c> or <c>services.AddGrpcClient&lt;TClient&gt;(...)</c>).</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddTransactionPropagation(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (IsGrpcClient(builder))
        {
            return builder
                .AddInterceptor(static () => new TransactionPropagationInterceptor())
                .AddHttpMessageHandler(static () => new TraceContextHandler());
        }

        return builder.AddHttpMessageHandler(static () => new TransactionPropagationHandler());
    }

    /// <summary>Whether <paramref name="builder"/> came from <c>AddGrpcClient</c> (the check Grpc.Net.ClientFactory's own builder extensions make).</summary>
    private static bool IsGrpcClient(IHttpClientBuilder builder)
    {
        foreach (var service in builder.Services)
        {
            if (service.ServiceType == typeof(IConfigureOptions<GrpcClientFactoryOptions>)
                && service.ImplementationInstance is ConfigureNamedOptions<GrpcClientFactoryOptions> options
                && string.Equals(options.Name, builder.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
