using Microsoft.EntityFrameworkCore;
using Samples.Hosting.Faults;
using Transactions.Participants;

namespace Samples.Points.Accounts;

/// <summary>
/// Try adds pending points, Confirm makes them available, Cancel removes them. Each runs inside the TCC fence's
/// local transaction on the scoped <see cref="PointsDbContext"/> (so a duplicate or late call changes nothing).
/// </summary>
public sealed class PointsLedger(PointsDbContext db, FaultSwitches faults) : IPointsLedger
{
    private const string Action = "add-pending-points";

    /// <inheritdoc />
    public async Task AddPendingAsync(string userId, int points, CancellationToken cancellationToken)
    {
        faults.ThrowIfTryFails(Action);
        var updated = await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Pending, a => a.Pending + points), cancellationToken);
        if (updated == 0)
        {
            throw new UnknownAccountException(userId);
        }
    }

    /// <summary>Confirm: the pending points become available.</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task ConfirmAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await faults.BeforeConfirmAsync(Action, cancellationToken);
        var userId = context.GetArgument<string>("userId");
        var points = context.GetArgument<int>("points");
        await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Pending, a => a.Pending - points)
                .SetProperty(a => a.Available, a => a.Available + points), cancellationToken);
    }

    /// <summary>Cancel: the pending points are removed.</summary>
    /// <param name="context">The Try's arguments.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task CancelAsync(TccContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var userId = context.GetArgument<string>("userId");
        var points = context.GetArgument<int>("points");
        await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Pending, a => a.Pending - points), cancellationToken);
    }
}
