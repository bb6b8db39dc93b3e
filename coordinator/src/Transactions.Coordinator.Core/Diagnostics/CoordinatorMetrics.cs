using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Transactions.Coordinator.Domain;

namespace Transactions.Coordinator.Diagnostics;

/// <summary>
/// The coordinator's instruments on the <c>Transactions.Coordinator</c> meter (created through
/// <see cref="IMeterFactory"/>, so each host has its own), plus running totals for the admin read-out
/// (<see cref="Read"/>). The gauges report the snapshot last stored by <see cref="UpdateSnapshot"/>
/// (<see cref="CoordinatorMetricsRefresher"/> refreshes it periodically); the oldest transaction's age is computed
/// at observation time. Thread-safe singleton.
/// </summary>
public sealed class CoordinatorMetrics
{
    private static readonly GlobalStatus[] UnfinishedStatuses = [GlobalStatus.Active, GlobalStatus.Committing, GlobalStatus.RollingBack];

    private readonly TimeProvider _timeProvider;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _branchCalls;
    private readonly Histogram<double> _phase2Duration;
    private readonly Counter<long> _phase2Retries;
    private readonly ConcurrentDictionary<string, long> _finishedTotals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _branchCallTotals = new(StringComparer.Ordinal);
    private readonly Lock _durationGate = new();
    private long _phase2RetryTotal;
    private long _durationCount;
    private double _durationSumMs;
    private double _durationMaxMs;
    private volatile SnapshotState? _snapshot;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">Creates the meter (owned and disposed by the factory).</param>
    /// <param name="timeProvider">The clock for ages.</param>
    public CoordinatorMetrics(IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _timeProvider = timeProvider;
        Meter = meterFactory.Create(CoordinatorDiagnostics.MeterName);
        _finished = Meter.CreateCounter<long>(CoordinatorDiagnostics.TransactionsFinished, "{transaction}", "Global transactions that reached a final status.");
        _branchCalls = Meter.CreateCounter<long>(CoordinatorDiagnostics.BranchCalls, "{call}", "Calls to participants (Confirm, Cancel, Execute, Compensate) by outcome.");
        _phase2Duration = Meter.CreateHistogram<double>(CoordinatorDiagnostics.Phase2Duration, "ms", "Duration of a phase-2 round (all branch calls and the write of their outcomes).");
        _phase2Retries = Meter.CreateCounter<long>(CoordinatorDiagnostics.Phase2Retries, "{round}", "Phase-2 rounds that left work unfinished and were rescheduled.");
        Meter.CreateObservableGauge(CoordinatorDiagnostics.TransactionsUnfinished, ObserveUnfinished, "{transaction}", "Unfinished global transactions by status (periodic snapshot).");
        Meter.CreateObservableGauge(CoordinatorDiagnostics.OldestUnfinishedAge, () => OldestAgeSeconds(), "s", "Age of the oldest unfinished global transaction (periodic snapshot; 0 when none).");
    }

    /// <summary>The meter (for tests filtering a <see cref="MeterListener"/> on this host's instruments).</summary>
    public Meter Meter { get; }

    /// <summary>Counts a transaction that reached <paramref name="status"/> (Committed or RolledBack).</summary>
    /// <param name="status">The final status.</param>
    public void TransactionFinished(GlobalStatus status)
    {
        var name = StatusName(status);
        _finished.Add(1, new KeyValuePair<string, object?>("status", name));
        _finishedTotals.AddOrUpdate(name, 1, static (_, v) => v + 1);
    }

    /// <summary>Counts one participant call.</summary>
    /// <param name="action">confirm, cancel, execute or compensate.</param>
    /// <param name="outcome">succeeded, failed, retry_later...</param>
    public void BranchCall(string action, string outcome)
    {
        _branchCalls.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", outcome));
        _branchCallTotals.AddOrUpdate($"{action}/{outcome}", 1, static (_, v) => v + 1);
    }

    /// <summary>Records one phase-2 round.</summary>
    /// <param name="status">Committing or RollingBack.</param>
    /// <param name="finished">True when the round finished the transaction; false when it was rescheduled.</param>
    /// <param name="elapsedMs">The round's duration.</param>
    public void Phase2Round(GlobalStatus status, bool finished, double elapsedMs)
    {
        var statusTag = new KeyValuePair<string, object?>("status", StatusName(status));
        _phase2Duration.Record(elapsedMs, statusTag, new KeyValuePair<string, object?>("outcome", finished ? "finished" : "unfinished"));
        lock (_durationGate)
        {
            _durationCount++;
            _durationSumMs += elapsedMs;
            _durationMaxMs = Math.Max(_durationMaxMs, elapsedMs);
        }

        if (!finished)
        {
            _phase2Retries.Add(1, statusTag);
            Interlocked.Increment(ref _phase2RetryTotal);
        }
    }

    /// <summary>Stores the snapshot the gauges report.</summary>
    /// <param name="stats">The latest counts.</param>
    /// <param name="asOf">When the query that produced them started (the store as of then; the read-out's
    /// <c>SnapshotAt</c>); now when omitted.</param>
    public void UpdateSnapshot(UnfinishedTransactionStats stats, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(stats);
        _snapshot = new SnapshotState(stats, asOf ?? _timeProvider.GetUtcNow());
    }

    /// <summary>Current values of every instrument, for the admin API.</summary>
    /// <returns>The read-out.</returns>
    public CoordinatorMetricsView Read()
    {
        var snapshot = _snapshot;
        Phase2DurationView duration;
        lock (_durationGate)
        {
            duration = new Phase2DurationView(_durationCount, _durationSumMs, _durationMaxMs);
        }

        return new CoordinatorMetricsView(
            _timeProvider.GetUtcNow(),
            snapshot?.At,
            new SortedDictionary<string, long>(_finishedTotals, StringComparer.Ordinal),
            new SortedDictionary<string, long>(_branchCallTotals, StringComparer.Ordinal),
            Interlocked.Read(ref _phase2RetryTotal),
            duration,
            UnfinishedStatuses.ToDictionary(StatusName, s => snapshot?.Stats.ByStatus.GetValueOrDefault(s) ?? 0, StringComparer.Ordinal),
            OldestAgeSeconds());
    }

    /// <summary>The tag value of a status: snake_case (<c>committed</c>, <c>rolling_back</c>...).</summary>
    /// <param name="status">The status.</param>
    /// <returns>The tag value.</returns>
    public static string StatusName(GlobalStatus status) => status switch
    {
        GlobalStatus.Active => "active",
        GlobalStatus.Committing => "committing",
        GlobalStatus.Committed => "committed",
        GlobalStatus.RollingBack => "rolling_back",
        GlobalStatus.RolledBack => "rolled_back",
        _ => status.ToString().ToLowerInvariant(),
    };

    private IEnumerable<Measurement<int>> ObserveUnfinished()
    {
        var stats = _snapshot?.Stats;
        foreach (var status in UnfinishedStatuses)
        {
            yield return new Measurement<int>(stats?.ByStatus.GetValueOrDefault(status) ?? 0, new KeyValuePair<string, object?>("status", StatusName(status)));
        }
    }

    private double OldestAgeSeconds()
    {
        if (_snapshot?.Stats.OldestCreatedUnixMs is not { } created)
        {
            return 0;
        }

        return Math.Max(0, (_timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - created) / 1000.0);
    }

    private sealed record SnapshotState(UnfinishedTransactionStats Stats, DateTimeOffset At);
}
