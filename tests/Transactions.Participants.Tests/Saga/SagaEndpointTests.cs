using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;
using Transactions.Participants.Tests.Samples.Saga;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Tests.Saga;

/// <summary>The coordinator's view of a saga participant: Execute/Compensate over gRPC and HTTP/JSON, on loopback Kestrel (no fence).</summary>
public sealed class SagaEndpointTests() : LoopbackParticipantTests("unit-saga")
{
    private const string CreateInput = """{"sku":"A-1","quantity":3}""";

    protected override void Register(IServiceCollection services, TransactionsBuilder sdk) =>
        services.AddSagaParticipant<OrderSaga>();

    [Fact]
    public async Task GrpcExecute_ActionReturnsObject_SucceededWithJsonOutputAndContext()
    {
        var response = await Grpc.ExecuteAsync(Step(9007199254740993, 77, "create", "create-order", CreateInput, attempt: 2));

        Assert.Equal(SagaStepResult.Succeeded, response.Result);
        Assert.Equal("""{"orderId":42,"sku":"A-1"}""", response.Output);
        Assert.Equal(string.Empty, response.Message);
        Assert.Equal("create A-1 3 xid=9007199254740993 step=77 name=create attempt=2", Assert.Single(Log.Entries));
    }

    [Fact]
    public async Task GrpcExecute_ReadsEarlierOutputs_StringOutputAsIs()
    {
        var request = Step(5, 6, "charge", "charge");
        request.Outputs["create"] = """{"orderId":42,"sku":"A-1"}""";
        request.Outputs["note"] = "leave at the door";

        var response = await Grpc.ExecuteAsync(request);

        Assert.Equal(SagaStepResult.Succeeded, response.Result);
        Assert.Equal("receipt-42", response.Output);
        Assert.Equal("charge order 42 A-1 note=leave at the door", Assert.Single(Log.Entries));
    }

    [Fact]
    public async Task GrpcCompensate_RunsTheCompensationByActionName_NoOutput()
    {
        var response = await Grpc.CompensateAsync(Step(5, 6, "create", "create-order", CreateInput));

        Assert.Equal(SagaStepResult.Succeeded, response.Result);
        Assert.Equal(string.Empty, response.Output);
        Assert.Equal("cancel create-order step=6 compensating=True", Assert.Single(Log.Entries));
    }

    [Theory]
    [InlineData(false, "no-such-action", SagaStepResult.RetryLater, "Application 'unit-saga' has no saga action 'no-such-action'.")]
    [InlineData(true, "no-such-action", SagaStepResult.RetryLater, "Application 'unit-saga' has no saga action 'no-such-action'.")]
    [InlineData(false, "refuse", SagaStepResult.Failed, "out of stock")]
    [InlineData(false, "flaky", SagaStepResult.RetryLater, "Execute of 'flaky' failed: InvalidOperationException: the database is down")]
    [InlineData(false, "charge", SagaStepResult.RetryLater, "Execute of 'charge' failed: KeyNotFoundException: Saga step 'create' has no output in xid 5.")]
    [InlineData(true, "flaky", SagaStepResult.RetryLater, "Compensate of 'flaky' failed: SagaStepFailedException: a compensation cannot fail for good")]
    public async Task Grpc_NotSucceeded_ResultAndMessageWithoutStackTrace(bool compensate, string action, SagaStepResult expected, string message)
    {
        // SagaStepFailedException is FAILED only from an action: a compensation must eventually succeed.
        var request = Step(5, 6, action, action);

        var response = compensate ? await Grpc.CompensateAsync(request) : await Grpc.ExecuteAsync(request);

        Assert.Equal((expected, message, string.Empty), (response.Result, response.Message, response.Output));
    }

    [Fact]
    public async Task GrpcExecute_MissingXid_InvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Grpc.ExecuteAsync(new SagaStepRequest { BranchId = 6, ActionName = "create-order" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("xid must be a positive 64-bit id.", ex.Status.Detail);
        Assert.Empty(Log.Entries);
    }

    [Fact]
    public async Task HttpExecute_ReadsOutputs_200WithOutput()
    {
        using var response = await PostAsync("execute", new
        {
            xid = "9007199254740993",
            branchId = "8",
            stepName = "charge",
            actionName = "charge",
            outputs = new Dictionary<string, string> { ["create"] = """{"orderId":42,"sku":"A-1"}""", ["note"] = "\"quoted\"" },
            attempt = 1,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal(("SUCCEEDED", "receipt-42"), (body.GetProperty("result").GetString(), body.GetProperty("output").GetString()));
        Assert.Equal("charge order 42 A-1 note=quoted", Assert.Single(Log.Entries));
    }

    [Fact]
    public async Task HttpExecute_ObjectOutputAndNumericIds_200WithJsonOutput()
    {
        using var response = await PostAsync("execute", new { xid = 3, branchId = 4, stepName = "create", actionName = "create-order", input = CreateInput, attempt = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"orderId":42,"sku":"A-1"}""", (await BodyAsync(response)).GetProperty("output").GetString());
    }

    [Fact]
    public async Task HttpCompensate_Runs_200WithoutOutput()
    {
        using var response = await PostAsync("compensate", new { xid = "3", branchId = "4", stepName = "charge", actionName = "charge", attempt = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("SUCCEEDED", body.GetProperty("result").GetString());
        Assert.False(body.TryGetProperty("output", out _));
        Assert.Equal("refund step=4", Assert.Single(Log.Entries));
    }

    [Theory]
    [InlineData("execute", "refuse", HttpStatusCode.UnprocessableEntity, "FAILED", "out of stock")]
    [InlineData("execute", "flaky", HttpStatusCode.ServiceUnavailable, "RETRY_LATER", "Execute of 'flaky' failed: InvalidOperationException: the database is down")]
    [InlineData("compensate", "no-such-action", HttpStatusCode.ServiceUnavailable, "RETRY_LATER", "Application 'unit-saga' has no saga action 'no-such-action'.")]
    public async Task Http_NotSucceeded_StatusResultAndMessageWithoutStackTrace(string phase, string action, HttpStatusCode status, string result, string message)
    {
        using var response = await PostAsync(phase, new { xid = "3", branchId = "4", actionName = action, attempt = 1 });

        Assert.Equal(status, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal((result, message), (body.GetProperty("result").GetString(), body.GetProperty("message").GetString()));
        Assert.False(body.TryGetProperty("output", out _));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"xid":"0","branchId":"2","actionName":"create-order"}""")]
    [InlineData("""{"xid":"1","branchId":"0","actionName":"create-order"}""")]
    [InlineData("""{"xid":"1","branchId":"2"}""")]
    public async Task HttpExecute_InvalidBody_400AndNothingRuns(string body)
    {
        using var response = await PostRawAsync("execute", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Log.Entries);
    }

    private static SagaStepRequest Step(long xid, long branchId, string stepName, string actionName, string input = "", int attempt = 1) => new()
    {
        Xid = xid,
        BranchId = branchId,
        ResourceId = "unit-saga",
        StepName = stepName,
        ActionName = actionName,
        Input = input,
        Attempt = attempt,
    };

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
