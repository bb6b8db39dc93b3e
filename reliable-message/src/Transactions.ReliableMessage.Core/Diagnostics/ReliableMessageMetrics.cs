using System.Diagnostics.Metrics;
using Transactions.ReliableMessage.Domain;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Diagnostics;

/// <summary>
/// The service's meter <c>Transactions.ReliableMessage</c>: observable gauges <c>rm.deliveries.awaiting_ack</c>,
/// <c>rm.deliveries.pending</c>, <c>rm.dead_letters</c> and <c>rm.messages</c> (tag <c>status</c>), read from a
/// snapshot that <see cref="ReliableMessageMetricsRefresher"/> keeps fresh (so metric readers never query the store).
/// </summary>
public sealed class ReliableMessageMetrics : IDisposable
{
    /// <summary>The meter's name (what an OTLP exporter or a MeterListener subscribes to).</summary>
    public const string MeterName = "Transactions.ReliableMessage";

    private readonly Meter _meter;
    private volatile Snapshot? _snapshot;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public ReliableMessageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("rm.deliveries.awaiting_ack", () => Delivery(DeliveryStatus.Delivered), "{delivery}", "Deliveries sent and not acknowledged yet.");
        _meter.CreateObservableGauge("rm.deliveries.pending", () => Delivery(DeliveryStatus.Pending), "{delivery}", "Deliveries waiting to be sent or re-sent.");
        _meter.CreateObservableGauge("rm.dead_letters", () => _snapshot?.Counts.DeadLetters ?? 0, "{delivery}", "Dead deliveries (dead letters).");
        _meter.CreateObservableGauge("rm.messages", ObserveMessages, "{message}", "Messages per status.");
    }

    /// <summary>The values the gauges report now.</summary>
    public ReliableMessageMetricsView View()
    {
        var snapshot = _snapshot;
        return new ReliableMessageMetricsView(
            Delivery(DeliveryStatus.Delivered),
            Delivery(DeliveryStatus.Pending),
            snapshot?.Counts.DeadLetters ?? 0,
            snapshot?.Counts.Messages ?? new Dictionary<string, long>(),
            snapshot?.AtUnixMs);
    }

    /// <summary>Replaces the snapshot the gauges report.</summary>
    public void Update(StatusCounts counts, long atUnixMs)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _snapshot = new Snapshot(counts, atUnixMs);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private long Delivery(DeliveryStatus status) =>
        _snapshot?.Counts.Deliveries.GetValueOrDefault(status.ToString()) ?? 0;

    private IEnumerable<Measurement<long>> ObserveMessages()
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            yield break;
        }

        foreach (var (status, count) in snapshot.Counts.Messages)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("status", status));
        }
    }

    private sealed record Snapshot(StatusCounts Counts, long AtUnixMs);
}
