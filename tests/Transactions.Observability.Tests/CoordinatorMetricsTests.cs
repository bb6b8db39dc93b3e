using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Transactions.Coordinator.Diagnostics;
using GlobalStatus = Transactions.Coordinator.Domain.GlobalStatus;
using Transactions.Observability.Tests.Infrastructure;
using Transactions.Participants;
using Transactions.Testing;

namespace Transactions.Observability.Tests;

/// <summary>The coordinator's instruments, observed with a MeterListener on the host's own meter, and the admin read-out.</summary>
public sealed class CoordinatorMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Commit_and_rollback_move_the_counters_and_a_stuck_transaction_shows_in_the_gauges_and_the_admin_api()
    {
        await using var coordinator = await InProcessCoordinator.StartAsync();
        var metrics = coordinator.Services.GetRequiredService<CoordinatorMetrics>();
        using var recorder = new MeasurementRecorder(metrics.Meter);
        await using var first = await ParticipantApp.StartAsync("first-svc", coordinator.GrpcAddress, ParticipantProtocol.Grpc);
        await using var second = await ParticipantApp.StartAsync("second-svc", coordinator.GrpcAddress, ParticipantProtocol.HttpJson);
        await using var tm = TransactionManagerHost.Create(coordinator.GrpcAddress, first.HttpAddress, second.HttpAddress);

        await tm.PlaceAsync(fail: false);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tm.PlaceAsync(fail: true));

        await Eventually.WaitAsync(
            () => Task.FromResult(recorder.Sum(CoordinatorDiagnostics.TransactionsFinished, ("status", "rolled_back")) >= 1),
            Wait,
            "the rollback finished");
        Assert.Equal(1, recorder.Sum(CoordinatorDiagnostics.TransactionsFinished, ("status", "committed")));
        Assert.Equal(1, recorder.Sum(CoordinatorDiagnostics.TransactionsFinished, ("status", "rolled_back")));
        Assert.Equal(2, recorder.Sum(CoordinatorDiagnostics.BranchCalls, ("action", "confirm"), ("outcome", "succeeded")));
        Assert.Equal(2, recorder.Sum(CoordinatorDiagnostics.BranchCalls, ("action", "cancel"), ("outcome", "succeeded")));
        Assert.Equal(1, recorder.Count(CoordinatorDiagnostics.Phase2Duration, ("status", "committing"), ("outcome", "finished")));
        Assert.Equal(1, recorder.Count(CoordinatorDiagnostics.Phase2Duration, ("status", "rolling_back"), ("outcome", "finished")));
        Assert.Equal(0, recorder.Sum(CoordinatorDiagnostics.Phase2Retries));

        // A transaction begun and left open: the periodic snapshot (200 ms here) reports it. Only a snapshot whose
        // query started after the Begin answered can be trusted (SnapshotAt is that start): an older one may show
        // the rolled-back transaction while it was still active, or miss the new one.
        var manager = tm.Services.GetRequiredService<ITransactionManager>();
        await using var stuck = await manager.BeginAsync("stuck", TimeSpan.FromMinutes(10));
        var begun = TimeProvider.System.GetUtcNow();
        await Eventually.WaitAsync(
            () =>
            {
                if (metrics.Read().SnapshotAt is not { } at || at <= begun)
                {
                    return Task.FromResult(false);
                }

                recorder.Observe();
                return Task.FromResult(recorder.Last(CoordinatorDiagnostics.TransactionsUnfinished, ("status", "active")) == 1
                    && recorder.Last(CoordinatorDiagnostics.OldestUnfinishedAge) > 0);
            },
            Wait,
            "the stuck transaction in the gauges");

        // The admin read-out: requires a key.
        using var http = new HttpClient { BaseAddress = coordinator.HttpAddress };
        using (var anonymous = await http.GetAsync(new Uri("/api/v1/admin/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/metrics");
        request.Headers.Add("X-Api-Key", InProcessCoordinator.AdminKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("transactionsFinished").GetProperty("committed").GetInt64());
        Assert.Equal(1, root.GetProperty("transactionsFinished").GetProperty("rolled_back").GetInt64());
        Assert.Equal(2, root.GetProperty("branchCalls").GetProperty("confirm/succeeded").GetInt64());
        Assert.Equal(2, root.GetProperty("phase2Duration").GetProperty("count").GetInt64());
        Assert.Equal(1, root.GetProperty("unfinished").GetProperty("active").GetInt32());
        Assert.True(root.GetProperty("oldestUnfinishedAgeSeconds").GetDouble() > 0);
    }

    [Fact]
    public void The_oldest_unfinished_age_follows_the_clock_between_snapshots()
    {
        var clock = new FakeTimeProvider(TestClock.Start);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new CoordinatorMetrics(services.GetRequiredService<IMeterFactory>(), clock);
        using var recorder = new MeasurementRecorder(metrics.Meter);

        recorder.Observe();
        Assert.Equal(0, recorder.Last(CoordinatorDiagnostics.OldestUnfinishedAge));
        Assert.Equal(0, recorder.Last(CoordinatorDiagnostics.TransactionsUnfinished, ("status", "committing")));

        var created = clock.GetUtcNow().AddSeconds(-90).ToUnixTimeMilliseconds();
        metrics.UpdateSnapshot(new UnfinishedTransactionStats(new Dictionary<GlobalStatus, int> { [GlobalStatus.Committing] = 3 }, created));
        recorder.Observe();
        Assert.Equal(90, recorder.Last(CoordinatorDiagnostics.OldestUnfinishedAge));
        Assert.Equal(3, recorder.Last(CoordinatorDiagnostics.TransactionsUnfinished, ("status", "committing")));

        clock.Advance(TimeSpan.FromSeconds(30));
        recorder.Observe();
        Assert.Equal(120, recorder.Last(CoordinatorDiagnostics.OldestUnfinishedAge));
        Assert.Equal(120, metrics.Read().OldestUnfinishedAgeSeconds);

        metrics.Phase2Round(GlobalStatus.Committing, finished: false, elapsedMs: 12.5);
        Assert.Equal(1, recorder.Sum(CoordinatorDiagnostics.Phase2Retries, ("status", "committing")));
        Assert.Equal(1, metrics.Read().Phase2Retries);
    }
}
