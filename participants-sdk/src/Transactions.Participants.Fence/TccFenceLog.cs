using Microsoft.Extensions.Logging;

namespace Transactions.Participants.Fence;

/// <summary>Source-generated log messages of the fence and its cleaner (event ids 7100-7199 are stable).</summary>
internal static partial class TccFenceLog
{
    private static readonly Func<ILogger, long, long, string, IDisposable?> FenceScope =
        LoggerMessage.DefineScope<long, long, string>("TCC xid {Xid} branch {BranchId} action {ActionName}");

    /// <summary>A scope carrying xid / branch id / action for everything logged during the call, business logs included.</summary>
    public static IDisposable? BeginFenceScope(this ILogger logger, long xid, long branchId, string actionName)
        => FenceScope(logger, xid, branchId, actionName);

    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug,
        Message = "TCC fence {Phase} executed for xid {Xid} branch {BranchId} action {ActionName}")]
    public static partial void Executed(this ILogger logger, TccFencePhase phase, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information,
        Message = "TCC fence {Phase} for xid {Xid} branch {BranchId} action {ActionName} already done (state {State}); business action skipped")]
    public static partial void AlreadyDone(this ILogger logger, TccFencePhase phase, long xid, long branchId, string actionName, TccFenceState state);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information,
        Message = "TCC fence empty rollback for xid {Xid} branch {BranchId} action {ActionName}: Cancel arrived before Try, branch suspended")]
    public static partial void EmptyRollback(this ILogger logger, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning,
        Message = "TCC fence refused Try for xid {Xid} branch {BranchId} action {ActionName}: branch already {State}")]
    public static partial void TryRefused(this ILogger logger, long xid, long branchId, string actionName, TccFenceState state);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error,
        Message = "TCC fence refused {Phase} for xid {Xid} branch {BranchId} action {ActionName}: fence state {State} makes it a protocol violation")]
    public static partial void ProtocolViolation(this ILogger logger, TccFencePhase phase, long xid, long branchId, string actionName, string state);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning,
        Message = "TCC fence {Phase} for xid {Xid} branch {BranchId} action {ActionName} failed; fence change and business change rolled back")]
    public static partial void Failed(this ILogger logger, Exception exception, TccFencePhase phase, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Debug,
        Message = "TCC fence Try for xid {Xid} branch {BranchId} action {ActionName} failed ({Error}); fence change and business change rolled back, the exception goes to the caller")]
    public static partial void TryRolledBack(this ILogger logger, long xid, long branchId, string actionName, string error);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Error,
        Message = "TCC fence {Phase} for xid {Xid} branch {BranchId} action {ActionName}: rollback after a failure failed too")]
    public static partial void RollbackFailed(this ILogger logger, Exception exception, TccFencePhase phase, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Debug,
        Message = "TCC fence {Phase} for xid {Xid} branch {BranchId} action {ActionName} raced a concurrent call (attempt {Attempt}); re-reading the fence row")]
    public static partial void Raced(this ILogger logger, TccFencePhase phase, long xid, long branchId, string actionName, int attempt);

    [LoggerMessage(EventId = 7150, Level = LogLevel.Information,
        Message = "TCC fence cleaner for {Context} deleted {Count} final-state rows last updated before {CutoffUnixMs} (Unix ms)")]
    public static partial void CleanerDeleted(this ILogger logger, string context, int count, long cutoffUnixMs);

    [LoggerMessage(EventId = 7151, Level = LogLevel.Warning,
        Message = "TCC fence cleaner for {Context} stopped after {Batches} batches ({Count} rows); the rest waits for the next run")]
    public static partial void CleanerBatchLimit(this ILogger logger, string context, int batches, int count);
}
