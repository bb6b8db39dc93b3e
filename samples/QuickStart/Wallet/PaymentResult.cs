namespace QuickStart.Wallet;

/// <summary>Answer of POST /api/payments: the global transaction and its status after the commit.</summary>
public sealed record PaymentResult(long Xid, string Status);
