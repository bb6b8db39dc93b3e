using Transactions.Participants;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>Records its phases in <see cref="ReservationLog"/>.</summary>
public sealed class Reservation(ReservationLog log) : IReservation
{
    [TccAction("reserve", ConfirmMethod = nameof(ConfirmAsync), CancelMethod = nameof(CancelAsync))]
    public Task ReserveAsync(string item, CancellationToken cancellationToken)
    {
        log.Add($"try {item}");
        return Task.CompletedTask;
    }

    public Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        log.Add($"confirm {context.Xid}");
        return Task.CompletedTask;
    }

    public Task CancelAsync(TccContext context, CancellationToken cancellationToken)
    {
        log.Add($"cancel {context.Xid}");
        return Task.CompletedTask;
    }
}
