namespace Transactions.Participants.Fence.Tests.Infrastructure;

/// <summary>The participant's business table: TCC Try freezes an amount, Confirm spends it, Cancel releases it.</summary>
public sealed class Account
{
    public long Id { get; set; }

    public long Balance { get; set; }

    public long Frozen { get; set; }
}
