namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>The TM's business operation.</summary>
public interface IOrderFlow
{
    /// <summary>Reserves at both participants in one global transaction; throws (rolls back) when <paramref name="fail"/>.</summary>
    Task PlaceAsync(bool fail, CancellationToken cancellationToken);
}
