using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Transactions.Participants.Logging;

/// <summary>The SDK's log messages (source-generated, stable event ids 7000-7099).</summary>
internal static partial class TransactionsLog
{
    private static readonly Func<ILogger, long, long, string, IDisposable?> BranchScopeDefinition =
        LoggerMessage.DefineScope<long, long, string>("xid {Xid} branch {BranchId} action {ActionName}");

    /// <summary>A log scope carrying the branch's ids on every line.</summary>
    public static IDisposable? BranchScope(ILogger logger, long xid, long branchId, string actionName) =>
        BranchScopeDefinition(logger, xid, branchId, actionName);

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "Ignoring invalid {Header} header '{Value}': the request runs outside any global transaction")]
    public static partial void InvalidXidHeader(ILogger logger, string header, string value);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "xid {Xid}: begun '{Name}' with timeout {TimeoutMs} ms")]
    public static partial void Begun(ILogger logger, long xid, string name, long timeoutMs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "xid {Xid}: '{Name}' joins the ambient global transaction")]
    public static partial void Joined(ILogger logger, long xid, string name);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "xid {Xid}: commit returned {Status}")]
    public static partial void Committed(ILogger logger, long xid, GlobalTransactionStatus status);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "xid {Xid}: rolled back ({Reason})")]
    public static partial void RolledBack(ILogger logger, long xid, string? reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "xid {Xid}: rollback request failed; the coordinator rolls the transaction back at its deadline")]
    public static partial void RollbackFailed(ILogger logger, long xid, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Error, Message = "xid {Xid}: commit outcome unknown (coordinator unreachable); it is either committed or rolled back at its deadline")]
    public static partial void CommitOutcomeUnknown(ILogger logger, long xid, Exception exception);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Coordinator {Operation} failed with {StatusCode} ({Detail}); attempt {Attempt} in {DelayMs:F0} ms")]
    public static partial void CoordinatorRetry(ILogger logger, string operation, int attempt, double delayMs, StatusCode statusCode, string? detail);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "xid {Xid}: branch {BranchId} registered for '{ActionName}'")]
    public static partial void BranchRegistered(ILogger logger, long xid, long branchId, string actionName);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "xid {Xid}: Try of '{ActionName}' (branch {BranchId}) failed ({Error}); reporting it so the transaction rolls back, the exception goes to the caller")]
    public static partial void TryFailed(ILogger logger, long xid, long branchId, string actionName, string error);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "xid {Xid}: could not report the failed Try of branch {BranchId}; the caller's rollback or the deadline ends the transaction")]
    public static partial void ReportFailed(ILogger logger, long xid, long branchId, Exception exception);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Debug, Message = "Try of '{ActionName}' runs locally: no global transaction and AllowTryOutsideTransaction is set")]
    public static partial void TryOutsideTransaction(ILogger logger, string actionName);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "xid {Xid}: {Phase} of '{ActionName}' (branch {BranchId}, attempt {Attempt}): {Outcome}")]
    public static partial void PhaseDone(ILogger logger, TccPhase phase, long xid, long branchId, string actionName, TccPhaseOutcome outcome, int attempt);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "xid {Xid}: {Phase} of '{ActionName}' (branch {BranchId}, attempt {Attempt}) failed; answering RETRY_LATER")]
    public static partial void PhaseFailed(ILogger logger, TccPhase phase, long xid, long branchId, string actionName, int attempt, Exception exception);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Error, Message = "xid {Xid}: {Phase} for unknown TCC action '{ActionName}' (branch {BranchId}); answering RETRY_LATER until a version that has it is deployed")]
    public static partial void UnknownAction(ILogger logger, TccPhase phase, long xid, long branchId, string actionName);
}
