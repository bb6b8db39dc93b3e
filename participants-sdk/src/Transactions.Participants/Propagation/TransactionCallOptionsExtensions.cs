using Transactions.Grpc;

namespace Transactions.Participants;

/// <summary>Outgoing XID propagation for gRPC calls made with the project's gRPC binding.</summary>
public static class TransactionCallOptionsExtensions
{
    /// <summary>
    /// Returns call options whose headers carry the ambient XID as <c>tx-xid</c> metadata (a copy: the given
    /// headers are not changed). Outside a global transaction, or when the headers already carry
    /// <c>tx-xid</c>, returns <paramref name="options"/> unchanged.
    /// </summary>
    /// <param name="options">The call options.</param>
    /// <returns>Call options for the call.</returns>
    /// <example><code>await channel.UnaryAsync(method, request, new CallOptions(CancellationToken: ct).WithTransaction());</code></example>
    public static CallOptions WithTransaction(this CallOptions options)
    {
        if (TransactionContext.CurrentXid is not { } xid || options.Headers?.GetValue(TransactionPropagation.XidHeader) is not null)
        {
            return options;
        }

        var headers = new Metadata();
        if (options.Headers is { } existing)
        {
            foreach (var entry in existing)
            {
                headers.Add(entry.Key, entry.Value);
            }
        }

        headers.Add(TransactionPropagation.XidHeader, TransactionPropagation.Format(xid));
        return options with { Headers = headers };
    }
}
