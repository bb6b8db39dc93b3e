using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Transactions.ReliableMessage.Diagnostics;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Tests.Diagnostics;

public sealed class ReliableMessageMetricsTests
{
    private static StatusCounts Counts(long delivered, long pending, long dead) => new(
        new Dictionary<string, long> { ["Prepared"] = 2, ["Committed"] = 5, ["Published"] = 9 },
        new Dictionary<string, long> { ["Pending"] = pending, ["Delivered"] = delivered, ["Acked"] = 40, ["Dead"] = dead },
        dead);

    private static Dictionary<string, long> Observe(ReliableMessageMetrics metrics)
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ReliableMessageMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var status = tags.ToArray().FirstOrDefault(t => t.Key == "status").Value;
            seen[status is null ? instrument.Name : $"{instrument.Name}:{status}"] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }

    [Fact]
    public void Gauges_ReportTheLatestCounts()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var sut = new ReliableMessageMetrics(services.GetRequiredService<IMeterFactory>());

        sut.Update(Counts(delivered: 3, pending: 4, dead: 1), atUnixMs: 1000);
        var first = Observe(sut);
        sut.Update(Counts(delivered: 0, pending: 1, dead: 6), atUnixMs: 2000);
        var second = Observe(sut);

        Assert.Equal(3, first["rm.deliveries.awaiting_ack"]);
        Assert.Equal(4, first["rm.deliveries.pending"]);
        Assert.Equal(1, first["rm.dead_letters"]);
        Assert.Equal(5, first["rm.messages:Committed"]);
        Assert.Equal(0, second["rm.deliveries.awaiting_ack"]);
        Assert.Equal(6, second["rm.dead_letters"]);
        var view = sut.View();
        Assert.Equal((0L, 1L, 6L, 2000L), (view.AwaitingAck, view.PendingDeliveries, view.DeadLetters, view.RefreshedUnixMs!.Value));
        Assert.Equal(9, view.MessagesByStatus["Published"]);
    }

    [Fact]
    public void Gauges_BeforeTheFirstRead_ReportZeroAndNoStatuses()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var sut = new ReliableMessageMetrics(services.GetRequiredService<IMeterFactory>());

        var seen = Observe(sut);

        Assert.Equal(0, seen["rm.dead_letters"]);
        Assert.DoesNotContain(seen.Keys, k => k.StartsWith("rm.messages", StringComparison.Ordinal));
        Assert.Null(sut.View().RefreshedUnixMs);
    }
}
