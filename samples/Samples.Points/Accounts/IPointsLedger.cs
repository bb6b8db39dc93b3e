using Transactions.Participants;

namespace Samples.Points.Accounts;

/// <summary>The points branch of an order's global transaction.</summary>
public interface IPointsLedger
{
    /// <summary>Try: adds <paramref name="points"/> as pending to the user's account.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="points">The points.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    /// <exception cref="UnknownAccountException">The user has no account.</exception>
    [TccAction("add-pending-points", ConfirmMethod = "ConfirmAsync", CancelMethod = "CancelAsync")]
    Task AddPendingAsync(string userId, int points, CancellationToken cancellationToken);
}
