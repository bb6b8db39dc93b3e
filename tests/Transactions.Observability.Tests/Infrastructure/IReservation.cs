namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>A TCC participant of the test apps.</summary>
public interface IReservation
{
    /// <summary>Try: reserves <paramref name="item"/>.</summary>
    Task ReserveAsync(string item, CancellationToken cancellationToken);
}
