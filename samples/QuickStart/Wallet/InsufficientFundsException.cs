namespace QuickStart.Wallet;

/// <summary>The account does not have the amount available: the Try fails and the transaction rolls back.</summary>
public sealed class InsufficientFundsException(string account, long amount)
    : Exception($"Account {account} does not have {amount} available.");
