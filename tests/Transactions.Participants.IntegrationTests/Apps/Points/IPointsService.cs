namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>The points service's TCC participant.</summary>
public interface IPointsService
{
    /// <summary>Try of "grant-points": records <paramref name="points"/> as pending for <paramref name="userId"/>.</summary>
    [TccAction("grant-points", ConfirmMethod = nameof(PointsService.ConfirmGrantAsync), CancelMethod = nameof(PointsService.CancelGrantAsync))]
    ValueTask GrantAsync(string userId, int points, CancellationToken cancellationToken);
}
