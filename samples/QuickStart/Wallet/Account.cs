namespace QuickStart.Wallet;

/// <summary>A wallet account: money available, reserved by unfinished payments, and spent.</summary>
public sealed class Account
{
    public required string Id { get; set; }

    public long Available { get; set; }

    public long Reserved { get; set; }

    public long Spent { get; set; }
}
