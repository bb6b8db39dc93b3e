using Grpc.Core;

namespace Transactions.Participants;

/// <summary>Outgoing XID propagation for single gRPC calls (Grpc.Net.Client and any other <c>Grpc.Core.Api</c> client).</summary>
public static class TransactionCallOptionsExtensions
{
    /// <summary>
    /// Returns call options whose headers carry the ambient XID as <c>tx-xid</c> metadata (a copy: the given
    /// headers are not changed). Outside a global transaction, or when the headers already carry
    /// <c>tx-xid</c>, returns <paramref name="options"/> unchanged. To add it to every call of a client instead,
    /// register the client with <c>services.AddGrpcClient&lt;TClient&gt;(...).AddTransactionPropagation()</c>
    /// (or intercept its channel with <see cref="TransactionPropagationInterceptor"/>).
    /// </summary>
    /// <param name="options">The call options.</param>
    /// <returns>Call options for the call.</returns>
    /// <example><code>await client.AddPointsAsync(request, new CallOptions(cancellationToken: ct).WithTransaction());</code></example>
    public static CallOptions WithTransaction(this CallOptions options)
    {
        if (TransactionContext.CurrentXid is not { } xid || options.Headers?.Get(TransactionPropagation.XidHeader) is not null)
        {
            return options;
        }

        var headers = new Metadata();
        if (options.Headers is { } existing)
        {
            foreach (var entry in existing)
            {
                headers.Add(entry);
            }
        }

        headers.Add(TransactionPropagation.XidHeader, TransactionPropagation.Format(xid));
        return options.WithHeaders(headers);
    }
}
