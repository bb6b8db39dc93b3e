namespace Transactions.Participants.IntegrationTests.Shipping;

/// <summary>One business effect of a saga action or compensation (a row per effect, so duplicates would show).</summary>
public sealed class ShippingEffect
{
    public long Id { get; set; }

    public long Xid { get; set; }

    public long BranchId { get; set; }

    public required string Kind { get; set; }
}
