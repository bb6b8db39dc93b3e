namespace QuickStart.Wallet;

/// <summary>Body of POST /api/payments.</summary>
public sealed record PaymentRequest(string Account, long Amount);
