namespace Samples.Order.Orders;

/// <summary>An order with the same request id was created first (a retried request).</summary>
/// <param name="requestId">The request id.</param>
/// <param name="inner">The database error.</param>
public sealed class DuplicateOrderRequestException(string requestId, Exception inner)
    : Exception($"An order for request '{requestId}' already exists.", inner)
{
    /// <summary>The request id.</summary>
    public string RequestId { get; } = requestId;
}
