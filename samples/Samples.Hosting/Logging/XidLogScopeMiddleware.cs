using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transactions.Participants;

namespace Samples.Hosting.Logging;

/// <summary>
/// Puts the ambient global transaction id (set by <c>UseTransactionPropagation</c> from the <c>tx-xid</c> header) in
/// the logging scope as <c>Xid</c>, so every line written while handling the request carries it.
/// </summary>
internal sealed class XidLogScopeMiddleware(RequestDelegate next, ILogger<XidLogScopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TransactionContext.CurrentXid is not { } xid)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using (SampleLogScopes.ForXid(logger, xid))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
