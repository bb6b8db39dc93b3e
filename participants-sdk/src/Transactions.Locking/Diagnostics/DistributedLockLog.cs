using Microsoft.Extensions.Logging;

namespace Transactions.Locking;

/// <summary>Source-generated log messages of the distributed lock (event ids 7300-7399 are stable).</summary>
internal static partial class DistributedLockLog
{
    [LoggerMessage(EventId = 7300, Level = LogLevel.Debug,
        Message = "Lock {Resource} acquired by {Owner} with fencing token {FencingToken}, lease until {ExpiresAtUnixMs} (Unix ms)")]
    public static partial void Acquired(this ILogger logger, string resource, string owner, long fencingToken, long expiresAtUnixMs);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Debug,
        Message = "Lock {Resource} re-entered by {Owner} (hold count {HoldCount}, fencing token {FencingToken})")]
    public static partial void Reentered(this ILogger logger, string resource, string owner, int holdCount, long fencingToken);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Debug,
        Message = "Lock {Resource} not acquired by {Owner} within {WaitMs} ms")]
    public static partial void NotAcquired(this ILogger logger, string resource, string owner, long waitMs);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Debug,
        Message = "Lock {Resource} released by {Owner} (fencing token {FencingToken})")]
    public static partial void Released(this ILogger logger, string resource, string owner, long fencingToken);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Warning,
        Message = "Lock {Resource} was no longer held by {Owner} at release (fencing token {FencingToken}): its lease had expired and another owner took it")]
    public static partial void ReleaseFoundOtherOwner(this ILogger logger, string resource, string owner, long fencingToken);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Warning,
        Message = "Lock {Resource} of {Owner} could not be released (fencing token {FencingToken}); the lease expires by itself")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, string resource, string owner, long fencingToken);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Trace,
        Message = "Lock {Resource} of {Owner} renewed until {ExpiresAtUnixMs} (Unix ms)")]
    public static partial void Renewed(this ILogger logger, string resource, string owner, long expiresAtUnixMs);

    [LoggerMessage(EventId = 7307, Level = LogLevel.Warning,
        Message = "Lock {Resource} of {Owner}: renewal attempt {Attempt} failed; retrying until the lease ends")]
    public static partial void RenewFailed(this ILogger logger, Exception? exception, string resource, string owner, int attempt);

    [LoggerMessage(EventId = 7308, Level = LogLevel.Error,
        Message = "Lock {Resource} LOST by {Owner} (fencing token {FencingToken}): {Reason}; the holder must stop writing")]
    public static partial void Lost(this ILogger logger, string resource, string owner, long fencingToken, string reason);

    [LoggerMessage(EventId = 7309, Level = LogLevel.Error,
        Message = "Lock {Resource} of {Owner}: the watchdog failed")]
    public static partial void WatchdogFailed(this ILogger logger, Exception exception, string resource, string owner);
}
