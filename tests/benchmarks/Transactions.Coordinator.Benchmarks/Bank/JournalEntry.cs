namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>One leg of a transfer, written by Try and settled by Confirm or Cancel.</summary>
public sealed class JournalEntry
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The transfer this leg belongs to.</summary>
    public required string TransferId { get; set; }

    /// <summary>The account.</summary>
    public int AccountId { get; set; }

    /// <summary>Amount (negative for a withdrawal).</summary>
    public long Amount { get; set; }

    /// <summary>tried, confirmed or cancelled.</summary>
    public required string State { get; set; }
}
