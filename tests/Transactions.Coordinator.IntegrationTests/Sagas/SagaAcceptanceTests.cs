using System.Text.Json;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Grpc.Core;
using Transactions.Protocol.Sagas;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Transactions.Coordinator.IntegrationTests.Sagas;

/// <summary>
/// Saga acceptance over real processes on PostgreSQL: coordinator processes (SIGKILLed where stated), a saga
/// participant on real sockets, and the Node gRPC client submitting a JSON definition.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class SagaAcceptanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> FastSettings = new()
    {
        ["Coordinator__LeaseDuration"] = "00:00:03",
        ["Coordinator__BranchCallTimeout"] = "00:00:01",
        ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
        ["Coordinator__Phase2MaxBackoff"] = "00:00:01",
    };

    private PostgresDatabase _database = null!;
    private SagaTestParticipant _participant = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync("tx_saga");
        _participant = await SagaTestParticipant.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _participant.DisposeAsync();
        await _database.DisposeAsync();
    }

    [PostgresFact]
    public async Task FourSteps_AllSucceed_SucceededWithOutputsFedForwardAndHistory()
    {
        await using var coordinator = await StartCoordinatorAsync();
        var saga = await SubmitAndWaitAsync(coordinator, FourSteps("four-ok"));

        Assert.Equal(SagaStatus.Succeeded, saga.Status);
        Assert.All(saga.Steps, s => Assert.Equal(SagaStepStatus.Succeeded, s.Status));
        Assert.Equal(["s1", "s2", "s3", "s4"], Executes(saga.Xid));
        var fourth = _participant.CallsFor(saga.Xid).Single(c => c.StepName == "s4");
        Assert.Equal(["s1", "s2", "s3"], fourth.Outputs.Keys.Order());
        Assert.Equal("s3-out", fourth.Outputs["s3"]);
        Assert.Equal("s1-out", saga.Steps[0].Output);
        Assert.Equal(4, saga.History.Count(h => h.Kind == "saga-step-started"));
        Assert.Contains(saga.History, h => h.Kind == "saga-step-succeeded" && h.Detail.Contains(" ms", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task FailAtStep3_CompensatesStep2ThenStep1_RolledBack()
    {
        await using var coordinator = await StartCoordinatorAsync();
        _participant.FailAction("s3");
        var saga = await SubmitAndWaitAsync(coordinator, FourSteps("fail-3"));

        Assert.Equal(SagaStatus.RolledBack, saga.Status);
        Assert.Contains("s3", saga.FailureReason, StringComparison.Ordinal);
        var calls = _participant.CallsFor(saga.Xid).Select(c => $"{c.Kind}:{c.StepName}").ToArray();
        // s3 may have run (it answered FAILED), so it is compensated too (an empty compensation), before s2 and s1.
        Assert.Equal(["execute:s1", "execute:s2", "execute:s3", "compensate:s3", "compensate:s2", "compensate:s1"], calls);
        Assert.Equal([SagaStepStatus.Compensated, SagaStepStatus.Compensated, SagaStepStatus.Compensated, SagaStepStatus.Pending], saga.Steps.Select(s => s.Status));
        Assert.Equal("suspended", _participant.State[saga.Steps[2].BranchId]);
    }

    [PostgresFact]
    public async Task CompensationFailsTwiceThenSucceeds_RetriedAndRolledBack()
    {
        await using var coordinator = await StartCoordinatorAsync();
        _participant.FailAction("s3");
        _participant.FailCompensation("s2", 2);
        var saga = await SubmitAndWaitAsync(coordinator, FourSteps("comp-retry"));

        Assert.Equal(SagaStatus.RolledBack, saga.Status);
        var s2 = saga.Steps.Single(s => s.Name == "s2");
        Assert.Equal(3, s2.CompensationAttempts);
        Assert.Equal(3, _participant.CallsFor(saga.Xid).Count(c => c.Kind == "compensate" && c.StepName == "s2"));
        // Two failures with the same error: one history entry counting both (first and last time), and one start
        // entry for the compensation (its retries add none).
        var failure = Assert.Single(saga.History, h => h.Kind == "saga-step-failed" && h.BranchId == s2.BranchId);
        Assert.Equal(2, failure.Repeats);
        Assert.True(failure.LastAtUnixMs > failure.AtUnixMs, $"last {failure.LastAtUnixMs}, first {failure.AtUnixMs}");
        Assert.Contains("compensation attempt 1 failed", failure.Detail, StringComparison.Ordinal);
        Assert.Single(saga.History, h => h.Kind == "saga-step-started" && h.BranchId == s2.BranchId && h.Detail.Contains("compensation", StringComparison.Ordinal));
        Assert.Contains(saga.History, h => h.Kind == "saga-step-compensated" && h.BranchId == s2.BranchId && h.Detail.Contains("attempt 3", StringComparison.Ordinal));
        // s1 is compensated only after s2 finally was.
        var order = _participant.CallsFor(saga.Xid).Where(c => c.Kind == "compensate").Select(c => c.StepName).ToArray();
        Assert.Equal(["s3", "s2", "s2", "s2", "s1"], order);
    }

    [PostgresFact]
    public async Task ParallelGroupOfThree_OneFails_OtherTwoCompensated()
    {
        await using var coordinator = await StartCoordinatorAsync();
        _participant.FailAction("p2");
        var definition = SagaBuilder.Create("parallel")
            .Step("first", s => s.Grpc(_participant.GrpcEndpoint).Action("first"))
            .Parallel(g => g
                .Step("p1", s => s.Grpc(_participant.GrpcEndpoint).Action("p1"))
                .Step("p2", s => s.HttpJson(_participant.HttpEndpoint).Action("p2"))
                .Step("p3", s => s.Grpc(_participant.GrpcEndpoint).Action("p3")))
            .Step("last", s => s.Grpc(_participant.GrpcEndpoint).Action("last"))
            .Build();
        var saga = await SubmitAndWaitAsync(coordinator, definition);

        Assert.Equal(SagaStatus.RolledBack, saga.Status);
        var byName = saga.Steps.ToDictionary(s => s.Name);
        Assert.Equal(SagaStepStatus.Compensated, byName["p1"].Status);
        Assert.Equal(SagaStepStatus.Compensated, byName["p3"].Status);
        Assert.Equal(SagaStepStatus.Compensated, byName["first"].Status);
        Assert.Equal(SagaStepStatus.Pending, byName["last"].Status);
        Assert.Equal("compensated", _participant.State[byName["p1"].BranchId]);
        Assert.Equal("compensated", _participant.State[byName["p3"].BranchId]);
        var compensations = _participant.CallsFor(saga.Xid).Where(c => c.Kind == "compensate").Select(c => c.StepName).ToArray();
        Assert.Equal("first", compensations[^1]);
        Assert.Equal(["p1", "p2", "p3"], compensations[..3].Order());
    }

    [PostgresFact]
    public async Task RetryForward_StepFailsPastMaxAttempts_RetriedNeverCompensatedFlaggedThenSucceeds()
    {
        await using var coordinator = await StartCoordinatorAsync(new() { ["Coordinator__NeedsAttentionAfterRounds"] = "3" });
        _participant.FailAction("s2");
        var definition = SagaBuilder.Create("retry-forward")
            .Step("s1", s => s.Grpc(_participant.GrpcEndpoint).Action("s1"))
            .Step("s2", s => s.HttpJson(_participant.HttpEndpoint).Action("s2").Retry(2, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)))
            .Step("s3", s => s.Grpc(_participant.GrpcEndpoint).Action("s3"))
            .OnFailure(SagaFailurePolicy.RetryForward)
            .Build();
        var submitted = await coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(definition) });

        // FAILED answers past maxAttempts (2) are retried, the saga stays forward and is flagged for attention.
        GetSagaResponse? stuck = null;
        await Eventually.WaitAsync(
            async () =>
            {
                stuck = await coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid });
                return stuck.NeedsAttention && Executes(submitted.Xid).Count(s => s == "s2") >= 4;
            },
            Patience,
            "s2 retried past its max attempts and the saga flagged");
        Assert.Equal(SagaStatus.Running, stuck!.Status);
        Assert.Equal(SagaStepStatus.Succeeded, stuck.Steps[0].Status);
        Assert.Equal(SagaStepStatus.Pending, stuck.Steps[2].Status);
        Assert.DoesNotContain(_participant.CallsFor(submitted.Xid), c => c.Kind == "compensate");

        _participant.StopFailingAction("s2");
        var saga = await WaitTerminalAsync(coordinator, submitted.Xid);

        Assert.Equal(SagaStatus.Succeeded, saga.Status);
        Assert.All(saga.Steps, s => Assert.Equal(SagaStepStatus.Succeeded, s.Status));
        Assert.True(saga.Steps[1].Attempts >= 5, $"s2 ran {saga.Steps[1].Attempts} time(s)");
        Assert.Equal((1, 1), (Executes(submitted.Xid).Count(s => s == "s1"), Executes(submitted.Xid).Count(s => s == "s3")));
        Assert.DoesNotContain(_participant.CallsFor(submitted.Xid), c => c.Kind == "compensate");
        Assert.Equal(3, _participant.ActionEffects);
        Assert.Contains(saga.History, h => h.Kind == "saga-step-failed" && h.Detail.Contains("retry in", StringComparison.Ordinal));
        Assert.DoesNotContain(saga.History, h => h.Detail.Contains("for good", StringComparison.Ordinal));
        // Every failure of s2 had the same error: one entry counts them all, one start entry, then the success.
        var s2History = saga.History.Where(h => h.BranchId == saga.Steps[1].BranchId).ToList();
        Assert.Equal(["saga-step-started", "saga-step-failed", "saga-step-succeeded"], s2History.Select(h => h.Kind));
        Assert.Equal(saga.Steps[1].Attempts - 1, s2History[1].Repeats);
    }

    [PostgresFact]
    public async Task SubmittedTwiceWithSameIdempotencyKey_RunsOnce()
    {
        await using var coordinator = await StartCoordinatorAsync();
        var json = SagaDefinitionJson.Serialize(FourSteps("idempotent"));
        var first = await coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = json, IdempotencyKey = "order-42", ApplicationId = "shop", WaitMs = 30_000 });
        var second = await coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = json, IdempotencyKey = "order-42", ApplicationId = "shop", WaitMs = 30_000 });

        Assert.False(first.Existing);
        Assert.True(second.Existing);
        Assert.Equal(first.Xid, second.Xid);
        Assert.Equal(SagaStatus.Succeeded, second.Status);
        Assert.Equal(["s1", "s2", "s3", "s4"], Executes(first.Xid));
        Assert.Equal(4, _participant.Calls.Count);
    }

    [PostgresFact]
    public async Task InvalidDefinition_InvalidArgumentNamingTheField()
    {
        await using var coordinator = await StartCoordinatorAsync();
        var json = """{"name":"bad","groups":[{"steps":[{"name":"a","participant":{"endpoint":"http://127.0.0.1:1"},"action":"x","timeoutMs":0}]}]}""";
        var error = await Assert.ThrowsAsync<RpcException>(() => coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = json }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("groups[0].steps[0].timeoutMs", error.Status.Detail, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Sigkill_DuringForwardSteps_SecondInstanceFinishes_EachActionOnce()
    {
        await using var a = await StartCoordinatorAsync();
        await using var b = await StartCoordinatorAsync();
        _participant.Delay = TimeSpan.FromMilliseconds(700);
        var submitted = await a.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(FourSteps("kill-forward")) });
        await Eventually.WaitAsync(() => Task.FromResult(_participant.CallsFor(submitted.Xid).Count >= 2), Patience, "the saga is half-way");
        a.Kill();
        output.WriteLine($"killed A after {_participant.CallsFor(submitted.Xid).Count} call(s)");

        var saga = await WaitTerminalAsync(b, submitted.Xid);
        Assert.Equal(SagaStatus.Succeeded, saga.Status);
        Assert.Equal(["s1", "s2", "s3", "s4"], Executes(submitted.Xid).Distinct());
        Assert.Equal(4, _participant.ActionEffects);
        Assert.Contains(saga.History, h => h.Actor != saga.History[0].Actor);
    }

    [PostgresFact]
    public async Task Sigkill_DuringCompensation_RestartedInstanceFinishes_EachCompensationOnce()
    {
        await using var a = await StartCoordinatorAsync();
        _participant.FailAction("s3");
        _participant.CompensationsBroken = true;
        var submitted = await a.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(FourSteps("kill-compensating")) });
        await Eventually.WaitAsync(async () => (await a.Tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid })).Status == SagaStatus.Compensating, Patience, "the saga compensates");
        await Eventually.WaitAsync(() => Task.FromResult(_participant.CallsFor(submitted.Xid).Count(c => c.Kind == "compensate") >= 2), Patience, "compensation is being retried");
        a.Kill();
        _participant.CompensationsBroken = false;
        await a.StartAgainAsync();

        var saga = await WaitTerminalAsync(a, submitted.Xid);
        Assert.Equal(SagaStatus.RolledBack, saga.Status);
        Assert.Equal(2, _participant.CompensationEffects);
        Assert.Equal(2, _participant.ActionEffects);
        Assert.Equal("compensated", _participant.State[saga.Steps[0].BranchId]);
        Assert.Equal("compensated", _participant.State[saga.Steps[1].BranchId]);
    }

    [PostgresFact]
    public async Task NodeClientJsonDefinition_RunsLikeTheBuilderOne()
    {
        await using var coordinator = await StartCoordinatorAsync();
        _participant.FailAction("s3");
        var fromBuilder = await SubmitAndWaitAsync(coordinator, FourSteps("from-csharp"));

        var json = $$"""
            {
              "name": "from-node",
              "failurePolicy": "compensate",
              "groups": [
                { "steps": [ { "name": "s1", "participant": { "endpoint": "{{_participant.GrpcEndpoint}}", "protocol": "grpc" }, "action": "s1", "input": "{\"n\":1}" } ] },
                { "steps": [ { "name": "s2", "participant": { "endpoint": "{{_participant.HttpEndpoint}}", "protocol": "httpJson" }, "action": "s2", "timeoutMs": 5000 } ] },
                { "steps": [ { "name": "s3", "participant": { "endpoint": "{{_participant.GrpcEndpoint}}" }, "action": "s3", "retry": { "maxAttempts": 2, "initialBackoffMs": 100, "maxBackoffMs": 1000 } } ] },
                { "steps": [ { "name": "s4", "participant": { "endpoint": "{{_participant.HttpEndpoint}}", "protocol": "httpJson" }, "action": "s4" } ] }
              ]
            }
            """;
        var protoRoot = Path.Combine(TestEnvironment.RepoRoot, "coordinator", "protos");
        var submitted = await NodeConformanceClient.CallAsync(
            protoRoot, "transactions/v1/transaction_manager.proto", "transactions.v1.TransactionManager", "SubmitSaga",
            $"127.0.0.1:{coordinator.GrpcPort}", JsonSerializer.Serialize(new { definitionJson = json, idempotencyKey = "node-1", waitMs = 30_000 }));
        Assert.True(submitted.GetProperty("ok").GetBoolean(), submitted.ToString());
        var response = submitted.GetProperty("response");
        Assert.Equal("SAGA_STATUS_ROLLED_BACK", response.GetProperty("status").GetString());
        var xid = long.Parse(response.GetProperty("xid").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        var fromNode = await coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = xid });
        Assert.Equal(fromBuilder.Status, fromNode.Status);
        Assert.Equal(fromBuilder.Steps.Select(s => (s.Name, s.Status)), fromNode.Steps.Select(s => (s.Name, s.Status)));
        Assert.Equal(
            _participant.CallsFor(fromBuilder.Xid).Select(c => $"{c.Kind}:{c.StepName}"),
            _participant.CallsFor(xid).Select(c => $"{c.Kind}:{c.StepName}"));
    }

    private SagaDefinition FourSteps(string name) => SagaBuilder.Create(name)
        .Step("s1", s => s.Grpc(_participant.GrpcEndpoint).Action("s1").InputJson(new { n = 1 }))
        .Step("s2", s => s.HttpJson(_participant.HttpEndpoint).Action("s2").Timeout(TimeSpan.FromSeconds(5)))
        .Step("s3", s => s.Grpc(_participant.GrpcEndpoint).Action("s3").Retry(2, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)))
        .Step("s4", s => s.HttpJson(_participant.HttpEndpoint).Action("s4"))
        .Build();

    private string[] Executes(long xid) => _participant.CallsFor(xid).Where(c => c.Kind == "execute").Select(c => c.StepName).ToArray();

    private Task<CoordinatorProcess> StartCoordinatorAsync(Dictionary<string, string>? settings = null) =>
        CoordinatorProcess.StartAsync("PostgreSql", _database.ConnectionString, settings is null ? FastSettings : new Dictionary<string, string>(FastSettings.Concat(settings)));

    private static async Task<GetSagaResponse> SubmitAndWaitAsync(CoordinatorProcess coordinator, SagaDefinition definition)
    {
        var submitted = await coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(definition) });
        Assert.False(submitted.Existing);
        return await WaitTerminalAsync(coordinator, submitted.Xid);
    }

    private static async Task<GetSagaResponse> WaitTerminalAsync(CoordinatorProcess coordinator, long xid)
    {
        GetSagaResponse? last = null;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = xid, WaitMs = 5_000 });
                return last.Status is SagaStatus.Succeeded or SagaStatus.RolledBack;
            },
            Patience,
            $"saga {xid} terminal");
        return last!;
    }
}
