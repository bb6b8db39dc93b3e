using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using Transactions.Participants.Fence;
using Transactions.Participants.IntegrationTests.Infrastructure;
using Transactions.Protocol.Sagas;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Xunit.Abstractions;
using ParticipantClient = Transactions.Protocol.V1.Participant.ParticipantClient;

namespace Transactions.Participants.IntegrationTests;

/// <summary>
/// SDK saga participants end to end: a real coordinator process drives sagas against the shipping app, whose
/// [SagaAction] methods write to its own PostgreSQL database through the fence; and the participant endpoint
/// called directly like a coordinator that repeats or reorders its calls.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class SagaParticipantsTests(SagaParticipantsFixture fixture, ITestOutputHelper output) : IClassFixture<SagaParticipantsFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        fixture.Log.WriteTo(output);

        return Task.CompletedTask;
    }

    [PostgresFact]
    public async Task Saga_AllStepsSucceed_EachEffectOnceAndOutputsFedForward()
    {
        var saga = await RunAsync(ShipOrder("order-ok", charge: "ok"));

        Assert.Equal(SagaStatus.Succeeded, saga.Status);
        Assert.Equal(["create-shipment", "book-courier", "charge-shipping"], await fixture.Shipping.EffectsAsync(saga.Xid));
        var (create, book, charge) = (saga.Steps[0], saga.Steps[1], saga.Steps[2]);
        var shipment = JsonSerializer.Deserialize<JsonElement>(create.Output);
        Assert.Equal($"shp-{saga.Xid}-{create.BranchId}", shipment.GetProperty("shipmentId").GetString());
        Assert.Equal($"courier for shp-{saga.Xid}-{create.BranchId} of order-ok", book.Output);
        Assert.Equal(string.Empty, charge.Output);
        Assert.All(saga.Steps, s => Assert.Equal((SagaStepStatus.Succeeded, 1), (s.Status, s.Attempts)));

        // The fence kept each action's output with its row (a duplicate Execute answers with it).
        var createRow = await fixture.Shipping.FenceRowAsync(saga.Xid, create.BranchId);
        var bookRow = await fixture.Shipping.FenceRowAsync(saga.Xid, book.BranchId);
        Assert.Equal((TccFenceState.Tried, create.Output), (createRow?.State, createRow?.Output));
        Assert.Equal((TccFenceState.Tried, book.Output), (bookRow?.State, bookRow?.Output));
    }

    [PostgresFact]
    public async Task Saga_LastStepDeclined_EarlierStepsCompensatedOnceEachInReverse()
    {
        var saga = await RunAsync(ShipOrder("order-declined", charge: "declined"));

        Assert.Equal(SagaStatus.RolledBack, saga.Status);
        Assert.Contains("card declined", saga.FailureReason, StringComparison.Ordinal);
        Assert.Equal(
            ["create-shipment", "book-courier", "undo:book-courier", "undo:create-shipment"],
            await fixture.Shipping.EffectsAsync(saga.Xid));
        Assert.All(saga.Steps, s => Assert.Equal(SagaStepStatus.Compensated, s.Status));

        // The declined step never took effect: its compensation was empty (a Suspended row, no refund).
        Assert.Equal(TccFenceState.Suspended, (await fixture.Shipping.FenceRowAsync(saga.Xid, saga.Steps[2].BranchId))?.State);
        Assert.Equal(TccFenceState.RolledBack, (await fixture.Shipping.FenceRowAsync(saga.Xid, saga.Steps[0].BranchId))?.State);
    }

    [PostgresFact]
    public async Task DuplicateExecute_SameXidAndStep_EffectOnceAndBothAnswerTheFirstOutput()
    {
        var (xid, stepId) = NewIds();
        using var channel = GrpcChannel.ForAddress(new Uri(fixture.Shipping.GrpcEndpoint));
        var participant = new ParticipantClient(channel);
        var request = Step(xid, stepId, "create-shipment", """{"orderId":"order-dup"}""");

        var first = await participant.ExecuteAsync(request);
        request.Attempt = 2;
        var again = await participant.ExecuteAsync(request);
        using var http = new HttpClient();
        using var overHttp = await http.PostAsJsonAsync(new Uri(fixture.Shipping.HttpEndpoint + "/execute"), HttpBody(xid, stepId, "create-shipment", """{"orderId":"order-dup"}""", attempt: 3));

        Assert.Equal(SagaStepResult.Succeeded, first.Result);
        Assert.Equal($$"""{"shipmentId":"shp-{{xid}}-{{stepId}}","orderId":"order-dup"}""", first.Output);
        Assert.Equal((SagaStepResult.Succeeded, first.Output), (again.Result, again.Output));
        Assert.Equal(HttpStatusCode.OK, overHttp.StatusCode);
        using var body = JsonDocument.Parse(await overHttp.Content.ReadAsStringAsync());
        Assert.Equal(first.Output, body.RootElement.GetProperty("output").GetString());
        Assert.Equal(["create-shipment"], await fixture.Shipping.EffectsAsync(xid));
    }

    [PostgresFact]
    public async Task CompensateBeforeExecute_EmptyCompensation_LateExecuteRefusedWithoutEffect()
    {
        var (xid, stepId) = NewIds();
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(new Uri(fixture.Shipping.GrpcEndpoint));
        var participant = new ParticipantClient(channel);

        using var compensated = await http.PostAsJsonAsync(new Uri(fixture.Shipping.HttpEndpoint + "/compensate"), HttpBody(xid, stepId, "book-courier", input: null, attempt: 1));
        var late = await participant.ExecuteAsync(Step(xid, stepId, "book-courier", string.Empty));

        Assert.Equal(HttpStatusCode.OK, compensated.StatusCode);
        Assert.NotEqual(SagaStepResult.Succeeded, late.Result);
        Assert.Contains("refused", late.Message, StringComparison.Ordinal);
        Assert.Empty(await fixture.Shipping.EffectsAsync(xid));
        Assert.Equal(TccFenceState.Suspended, (await fixture.Shipping.FenceRowAsync(xid, stepId))?.State);
    }

    private SagaDefinition ShipOrder(string orderId, string charge) => SagaBuilder.Create("ship-order")
        .Step("create-shipment", s => s.Grpc(fixture.Shipping.GrpcEndpoint).Action("create-shipment").InputJson(new { orderId }))
        .Step("book-courier", s => s.HttpJson(fixture.Shipping.HttpEndpoint).Action("book-courier"))
        .Step("charge", s => s.Grpc(fixture.Shipping.GrpcEndpoint).Action("charge-shipping").Input(charge))
        .Build();

    private async Task<GetSagaResponse> RunAsync(SagaDefinition definition)
    {
        var submitted = await fixture.Coordinator.Tm.SubmitSagaAsync(new SubmitSagaRequest { DefinitionJson = SagaDefinitionJson.Serialize(definition), WaitMs = 30_000 });
        GetSagaResponse? last = null;
        await Eventually.WaitAsync(
            async () =>
            {
                last = await fixture.Coordinator.Tm.GetSagaAsync(new GetSagaRequest { Xid = submitted.Xid, WaitMs = 5_000 });
                return last.Status is SagaStatus.Succeeded or SagaStatus.RolledBack;
            },
            Patience,
            $"saga {submitted.Xid} terminal");
        return last!;
    }

    /// <summary>Ids no coordinator hands out in this run (the endpoint is called directly).</summary>
    private static (long Xid, long StepId) NewIds() => (Random.Shared.NextInt64(1L << 55, 1L << 62), Random.Shared.NextInt64(1L << 55, 1L << 62));

    private static SagaStepRequest Step(long xid, long stepId, string action, string input) => new()
    {
        Xid = xid,
        BranchId = stepId,
        ResourceId = "shipping-service",
        StepName = action,
        ActionName = action,
        Input = input,
        Attempt = 1,
    };

    private static object HttpBody(long xid, long stepId, string action, string? input, int attempt) => new
    {
        xid = xid.ToString(CultureInfo.InvariantCulture),
        branchId = stepId.ToString(CultureInfo.InvariantCulture),
        resourceId = "shipping-service",
        stepName = action,
        actionName = action,
        input,
        outputs = new Dictionary<string, string>(),
        attempt,
    };
}
