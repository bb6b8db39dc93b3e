using Grpc.Core;

namespace Transactions.Participants;

/// <summary>
/// A call to the transaction coordinator failed (after the configured retries when the failure was
/// transient): the coordinator answered with an error status, or could not be reached.
/// </summary>
public sealed class TransactionCoordinatorException : TransactionException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The coordinator operation, e.g. <c>RegisterBranch</c>.</param>
    /// <param name="statusCode">The gRPC status of the failed call.</param>
    /// <param name="detail">The status detail the coordinator (or the transport) gave.</param>
    /// <param name="xid">The global transaction concerned, when there is one.</param>
    /// <param name="innerException">The <see cref="RpcException"/> of the last attempt.</param>
    public TransactionCoordinatorException(string operation, StatusCode statusCode, string detail, long? xid, Exception? innerException)
        : base($"The transaction coordinator's {operation}{(xid is { } x ? $" for xid {x}" : string.Empty)} failed with {statusCode}: {detail}", xid, innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>The coordinator operation, e.g. <c>RegisterBranch</c>.</summary>
    public string Operation { get; }

    /// <summary>The gRPC status code of the failed call (<see cref="StatusCode.Unavailable"/> when unreachable).</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The status detail.</summary>
    public string Detail { get; }
}
