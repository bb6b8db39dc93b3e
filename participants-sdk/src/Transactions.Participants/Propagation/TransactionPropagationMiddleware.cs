using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transactions.Participants.Logging;
using Transactions.Participants.Diagnostics;

namespace Transactions.Participants.Propagation;

/// <summary>
/// Incoming propagation: a request carrying a valid <c>tx-xid</c> header (HTTP or gRPC metadata) runs with
/// that XID as the ambient transaction. An invalid value is ignored (logged): the request then runs outside
/// any global transaction, and a TCC Try it calls fails clearly.
/// </summary>
internal sealed class TransactionPropagationMiddleware(RequestDelegate next, ILogger<TransactionPropagationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.Headers[TransactionPropagation.XidHeader];
        if (values.Count == 0)
        {
            await next(context);
            return;
        }

        if (values.Count != 1 || !TransactionPropagation.TryParse(values[0], out var xid))
        {
            TransactionsLog.InvalidXidHeader(logger, TransactionPropagation.XidHeader, values.ToString());
            await next(context);
            return;
        }

        // The request's span (or a server span when nothing traces the request yet), parented on the caller's traceparent.
        using var activity = ParticipantsDiagnostics.StartServerSpan("JoinTransaction", context, xid);
        using (TransactionContext.Enter(xid))
        {
            await next(context);
        }
    }
}
