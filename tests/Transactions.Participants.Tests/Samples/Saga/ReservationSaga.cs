using Transactions.Participants.Tests.EntityFrameworkCore;

namespace Transactions.Participants.Tests.Samples.Saga;

/// <summary>
/// A saga participant writing through the fence's DbContext: "reserve" adds a row and returns an output that
/// tells which run produced it; its compensation adds a "release" row. The fence saves the changes.
/// </summary>
public sealed class ReservationSaga(FenceTestDbContext db, CallLog log)
{
    [SagaAction("reserve", CompensationMethod = nameof(ReleaseAsync))]
    public Task<string> ReserveAsync(SagaContext context)
    {
        log.Add($"reserve {context.BranchId}");
        db.Reservations.Add(new Reservation { Phase = $"reserve {context.BranchId}" });
        return Task.FromResult($"reserved by run {log.Entries.Count}");
    }

    public Task ReleaseAsync(SagaContext context)
    {
        log.Add($"release {context.BranchId}");
        db.Reservations.Add(new Reservation { Phase = $"release {context.BranchId}" });
        return Task.CompletedTask;
    }
}
