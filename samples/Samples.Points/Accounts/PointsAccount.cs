namespace Samples.Points.Accounts;

/// <summary>A user's points (table <c>points_accounts</c>).</summary>
public sealed class PointsAccount
{
    /// <summary>The user (primary key).</summary>
    public required string UserId { get; set; }

    /// <summary>Points of orders whose global transaction has not finished.</summary>
    public int Pending { get; set; }

    /// <summary>Points of confirmed orders.</summary>
    public int Available { get; set; }
}
