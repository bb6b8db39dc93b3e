using Transactions.Participants;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds outgoing XID propagation to HttpClients made by IHttpClientFactory.</summary>
public static class TransactionPropagationHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="TransactionPropagationHandler"/>: requests sent inside a global transaction carry the
    /// <c>tx-xid</c> header.
    /// </summary>
    /// <param name="builder">The HttpClient builder (from <c>services.AddHttpClient(...)</c>).</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddTransactionPropagation(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHttpMessageHandler(static () => new TransactionPropagationHandler());
    }
}
