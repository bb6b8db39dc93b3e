using System.Collections.Concurrent;
using Transactions.Participants.Coordinator;

namespace Transactions.Participants.Tests.Fakes;

/// <summary>Records every call; answers from settable results or exceptions.</summary>
internal sealed class FakeCoordinatorClient : ICoordinatorClient
{
    private long _nextXid = 1000;
    private long _nextBranchId = 5000;

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<BranchRegistration> Registrations { get; } = new();

    public ConcurrentQueue<(long Xid, long BranchId, string Error)> FailureReports { get; } = new();

    public ConcurrentQueue<(long Xid, string? Reason)> Rollbacks { get; } = new();

    public Exception? BeginException { get; set; }

    public Exception? CommitException { get; set; }

    public GlobalTransactionStatus CommitStatus { get; set; } = GlobalTransactionStatus.Committed;

    public Exception? RegisterException { get; set; }

    public int Count(string call) => Calls.Count(c => c == call);

    public Task<BeginResult> BeginAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue("Begin");
        return BeginException is { } ex
            ? Task.FromException<BeginResult>(ex)
            : Task.FromResult(new BeginResult(Interlocked.Increment(ref _nextXid), DateTimeOffset.UtcNow + timeout));
    }

    public Task<GlobalTransactionStatus> CommitAsync(long xid, bool returnAfterDecision, DateTimeOffset? retryUntil, CancellationToken cancellationToken)
    {
        Calls.Enqueue("Commit");
        return CommitException is { } ex ? Task.FromException<GlobalTransactionStatus>(ex) : Task.FromResult(CommitStatus);
    }

    public Task<GlobalTransactionStatus> RollbackAsync(long xid, string? reason, CancellationToken cancellationToken)
    {
        Calls.Enqueue("Rollback");
        Rollbacks.Enqueue((xid, reason));
        return Task.FromResult(GlobalTransactionStatus.RolledBack);
    }

    public Task<GlobalTransactionInfo> GetStatusAsync(long xid, CancellationToken cancellationToken)
    {
        Calls.Enqueue("GetStatus");
        return Task.FromResult(new GlobalTransactionInfo(xid, "fake", GlobalTransactionStatus.Active, false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, []));
    }

    public Task<long> RegisterBranchAsync(BranchRegistration registration, CancellationToken cancellationToken)
    {
        Calls.Enqueue("RegisterBranch");
        Registrations.Enqueue(registration);
        return RegisterException is { } ex ? Task.FromException<long>(ex) : Task.FromResult(Interlocked.Increment(ref _nextBranchId));
    }

    public Task ReportBranchFailedAsync(long xid, long branchId, string error, CancellationToken cancellationToken)
    {
        Calls.Enqueue("ReportBranch");
        FailureReports.Enqueue((xid, branchId, error));
        return Task.CompletedTask;
    }
}
