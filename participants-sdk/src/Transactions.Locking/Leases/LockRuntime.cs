using Microsoft.Extensions.Logging;
using Polly;

namespace Transactions.Locking;

/// <summary>What every lease of one <see cref="DistributedLock"/> shares.</summary>
/// <param name="Store">The lock table.</param>
/// <param name="Options">Validated options.</param>
/// <param name="Time">The clock used for every lease time.</param>
/// <param name="Logger">The logger.</param>
/// <param name="RenewPipeline">Retries a renewal after database errors (bounded by the lease end through cancellation).</param>
/// <param name="Shutdown">Cancelled when the <see cref="DistributedLock"/> is disposed: watchdogs stop, leases are left to expire.</param>
internal sealed record LockRuntime(
    LockStore Store,
    DistributedLockOptions Options,
    TimeProvider Time,
    ILogger Logger,
    ResiliencePipeline RenewPipeline,
    CancellationToken Shutdown)
{
    /// <summary>The lease being renewed, in the renewal pipeline's context (for its retry log).</summary>
    public static readonly ResiliencePropertyKey<LockLease> LeaseKey = new("Transactions.Locking.Lease");

    /// <summary>Now, in Unix milliseconds of <see cref="Time"/>.</summary>
    public long NowUnixMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The lease length in milliseconds.</summary>
    public long LeaseMs => (long)Options.LeaseDuration.TotalMilliseconds;
}
