using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Storage;

/// <summary>What <see cref="ISagaStore.SaveStepsAsync"/> writes: step states and history, renewing the lease.</summary>
/// <param name="Xid">The saga.</param>
/// <param name="Status">The saga's expected status (Committing forward, RollingBack compensating).</param>
/// <param name="Owner">The lease owner expected (this instance).</param>
/// <param name="NowUnixMs">Now.</param>
/// <param name="LeaseExpiresUnixMs">New lease expiry (long enough for the calls that follow).</param>
public sealed record SagaStepsWrite(long Xid, GlobalStatus Status, string Owner, long NowUnixMs, long LeaseExpiresUnixMs)
{
    /// <summary>Full new state of each changed step.</summary>
    public IReadOnlyList<SagaStepState> Steps { get; init; } = [];

    /// <summary>History entries.</summary>
    public IReadOnlyList<TransactionEvent> Events { get; init; } = [];

    /// <summary>
    /// Step attempts that failed again with the step's previous error: each extends the step's latest
    /// <c>saga-step-failed</c> entry (one more repeat, last time) instead of adding one.
    /// </summary>
    public IReadOnlyList<RepeatedFailure> RepeatedFailures { get; init; } = [];
}
