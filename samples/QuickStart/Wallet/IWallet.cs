namespace QuickStart.Wallet;

/// <summary>The wallet as a TCC participant.</summary>
public interface IWallet
{
    /// <summary>Try: reserves <paramref name="amount"/> of the account for the current global transaction.</summary>
    Task ReserveAsync(string account, long amount, CancellationToken cancellationToken);
}
