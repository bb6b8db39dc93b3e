namespace Transactions.Locking;

/// <summary>One row of the lock table.</summary>
/// <param name="Owner">The holder, or <see langword="null"/> when released.</param>
/// <param name="FencingToken">The token of the latest acquisition.</param>
/// <param name="ExpiresAtUnixMs">When the lease ends (application time, Unix milliseconds); 0 when released.</param>
internal sealed record LockRow(string? Owner, long FencingToken, long ExpiresAtUnixMs);
