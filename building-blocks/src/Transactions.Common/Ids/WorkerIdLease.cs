namespace Transactions.Common.Ids;

/// <summary>A leased worker id.</summary>
/// <param name="WorkerId">The id, in [0, 1023].</param>
/// <param name="ExpiresUnixMs">When the lease ends unless renewed.</param>
/// <param name="PreviousExpiresUnixMs">
/// Expiry of the previous holder's lease (0 if none). The previous holder issued no id after that
/// instant, so ids issued from then on cannot collide with its ids even if the clock moved back.
/// </param>
public sealed record WorkerIdLease(int WorkerId, long ExpiresUnixMs, long PreviousExpiresUnixMs);
