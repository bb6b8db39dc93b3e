namespace Transactions.Participants.Tests.Samples;

/// <summary>A TCC participant with the attribute on the interface.</summary>
public interface IReservations
{
    [TccAction("reserve", ConfirmMethod = nameof(Reservations.ConfirmAsync), CancelMethod = nameof(Reservations.CancelAsync))]
    Task<string> ReserveAsync(string sku, int quantity, CancellationToken cancellationToken);

    Task<int> PlainAsync(int value);
}
