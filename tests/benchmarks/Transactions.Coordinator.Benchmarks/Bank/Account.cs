namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>An account of the benchmark's bank participant.</summary>
public sealed class Account
{
    /// <summary>Account number.</summary>
    public int Id { get; set; }

    /// <summary>Money that can be withdrawn.</summary>
    public long Balance { get; set; }

    /// <summary>Money reserved by withdrawals tried but not settled yet.</summary>
    public long Frozen { get; set; }

    /// <summary>Money announced by deposits tried but not settled yet.</summary>
    public long Incoming { get; set; }
}
