using System.Diagnostics;
using Transactions.Observability.Tests.Infrastructure;
using Transactions.Participants;
using Transactions.Testing;

namespace Transactions.Observability.Tests;

/// <summary>
/// Acceptance: one global transaction is ONE trace: the TM's span, the coordinator's Begin/Commit server spans, its
/// Confirm client spans and both participants' Confirm spans (one over gRPC, one over HTTP/JSON), linked
/// parent-to-child and tagged with the xid. Everything runs in this process so an ActivityListener sees it all.
/// </summary>
public sealed class TraceAcceptanceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task One_global_transaction_is_one_linked_trace_across_tm_coordinator_and_both_participants()
    {
        using var collector = new SpanCollector();
        await using var coordinator = await InProcessCoordinator.StartAsync();
        await using var first = await ParticipantApp.StartAsync("first-svc", coordinator.GrpcAddress, ParticipantProtocol.Grpc);
        await using var second = await ParticipantApp.StartAsync("second-svc", coordinator.GrpcAddress, ParticipantProtocol.HttpJson);
        await using var tm = TransactionManagerHost.Create(coordinator.GrpcAddress, first.HttpAddress, second.HttpAddress);

        await tm.PlaceAsync(fail: false);

        var root = collector.Spans.Single(s => s.Source.Name == "Transactions.Participants" && s.DisplayName == "GlobalTransaction place-order");
        var xid = root.Xid();
        Assert.NotNull(xid);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Contains($"confirm {xid}", first.Log.Entries);
        Assert.Contains($"confirm {xid}", second.Log.Entries);

        IReadOnlyList<Activity> trace = [];
        await Eventually.WaitAsync(
            () =>
            {
                trace = collector.InTrace(root.TraceId);
                return Task.FromResult(trace.Count(s => s.Source.Name == "Transactions.Participants" && s.DisplayName == "Confirm reserve") == 2
                    && trace.Count(s => s.Source.Name == "Transactions.Coordinator" && s.DisplayName == "Confirm") == 2);
            },
            Wait,
            "both Confirm calls traced on both sides");
        var description = Spans.Describe(trace);

        // Coordinator: server spans of the TM calls, children of the TM's span, tagged with the xid.
        // Served calls are ASP.NET Core request spans that Grpc.AspNetCore tags with grpc.method.
        var begin = Assert.Single(trace, s => s.GrpcMethod() == "/transactions.v1.TransactionManager/Begin");
        var commit = Assert.Single(trace, s => s.GrpcMethod() == "/transactions.v1.TransactionManager/Commit");
        foreach (var span in new[] { begin, commit })
        {
            Assert.True(span.IsDescendantOf(root, trace), $"{span.DisplayName} under the TM span:{Environment.NewLine}{description}");
            Assert.Equal(xid, span.Xid());
        }

        // Both participants' Try: under the TM span, each registered its branch with the coordinator.
        var tries = trace.Where(s => s.Source.Name == "Transactions.Participants" && s.DisplayName == "Try reserve").ToList();
        Assert.Equal(2, tries.Count);
        var registrations = trace.Where(s => s.GrpcMethod() == "/transactions.v1.ResourceManager/RegisterBranch").ToList();
        Assert.Equal(2, registrations.Count);
        foreach (var @try in tries)
        {
            Assert.True(@try.IsDescendantOf(root, trace), description);
            Assert.Equal(xid, @try.Xid());
            Assert.NotNull(@try.BranchId());
            Assert.Contains(registrations, r => r.IsDescendantOf(@try, trace) && r.BranchId() == @try.BranchId());
        }

        // Coordinator's Confirm client spans: under the Commit server span, one per branch.
        var calls = trace.Where(s => s.Source.Name == "Transactions.Coordinator" && s.DisplayName == "Confirm").ToList();
        Assert.All(calls, call =>
        {
            Assert.Equal(ActivityKind.Client, call.Kind);
            Assert.True(call.IsDescendantOf(commit, trace), $"Confirm call under Commit:{Environment.NewLine}{description}");
            Assert.Equal(xid, call.Xid());
        });
        Assert.Equal(tries.Select(t => t.BranchId()).Order(), calls.Select(c => c.BranchId()).Order());

        // Both participants' Confirm spans: each under the coordinator's call for its branch.
        var confirms = trace.Where(s => s.Source.Name == "Transactions.Participants" && s.DisplayName == "Confirm reserve").ToList();
        Assert.All(confirms, confirm =>
        {
            Assert.Equal(xid, confirm.Xid());
            var call = Assert.Single(calls, c => c.BranchId() == confirm.BranchId());
            Assert.True(confirm.IsDescendantOf(call, trace), $"participant Confirm under the coordinator's call:{Environment.NewLine}{description}");
        });

        // The gRPC participant's Confirm came through Grpc.AspNetCore's request span; the HTTP/JSON one through ASP.NET Core's.
        Assert.Contains(trace, s => s.GrpcMethod() == "/transactions.v1.Participant/Confirm" && confirms.Any(c => c.ParentSpanId == s.SpanId));
    }
}
