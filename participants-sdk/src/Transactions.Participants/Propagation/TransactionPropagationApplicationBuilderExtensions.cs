using Transactions.Participants.Propagation;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds incoming XID propagation to an ASP.NET Core pipeline.</summary>
public static class TransactionPropagationApplicationBuilderExtensions
{
    /// <summary>
    /// Runs each request that carries a <c>tx-xid</c> header (HTTP header or gRPC metadata) inside that
    /// global transaction, so TCC Try methods it calls register their branches with it and outgoing calls
    /// propagate it. Add it before the endpoints (e.g. right after <c>UseRouting</c>, or first).
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The same application builder.</returns>
    public static IApplicationBuilder UseTransactionPropagation(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<TransactionPropagationMiddleware>();
    }
}
