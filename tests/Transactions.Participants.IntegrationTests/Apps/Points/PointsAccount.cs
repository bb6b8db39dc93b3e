namespace Transactions.Participants.IntegrationTests.Points;

/// <summary>A user's loyalty points: the balance, and points granted by orders not yet committed.</summary>
public sealed class PointsAccount
{
    public required string UserId { get; set; }

    public int Balance { get; set; }

    public int Pending { get; set; }
}
