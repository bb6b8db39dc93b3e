using Microsoft.EntityFrameworkCore;

namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>Try adds pending points, Confirm moves them to the balance, Cancel drops them.</summary>
public sealed class PointsService(PointsDbContext db) : IPointsService
{
    public async ValueTask GrantAsync(string userId, int points, CancellationToken cancellationToken)
    {
        var updated = await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Pending, a => a.Pending + points), cancellationToken);
        if (updated == 0)
        {
            throw new UnknownAccountException(userId);
        }
    }

    public async Task ConfirmGrantAsync(TccContext context, CancellationToken cancellationToken)
    {
        var userId = context.GetArgument<string>("userId");
        var points = context.GetArgument<int>("points");
        await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Pending, a => a.Pending - points)
                .SetProperty(a => a.Balance, a => a.Balance + points), cancellationToken);
    }

    public async Task CancelGrantAsync(TccContext context, CancellationToken cancellationToken)
    {
        var userId = context.GetArgument<string>("userId");
        var points = context.GetArgument<int>("points");
        await db.Accounts
            .Where(a => a.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Pending, a => a.Pending - points), cancellationToken);
    }
}
