namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>The two legs of a transfer, as callers see them (TCC Try methods).</summary>
public interface ITransferService
{
    /// <summary>Try of the debit leg: reserves <paramref name="amount"/> on <paramref name="account"/>.</summary>
    Task WithdrawAsync(string transferId, int account, long amount, CancellationToken cancellationToken);

    /// <summary>Try of the credit leg: announces <paramref name="amount"/> to <paramref name="account"/>.</summary>
    Task DepositAsync(string transferId, int account, long amount, CancellationToken cancellationToken);
}
