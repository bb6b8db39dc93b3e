using System.Net;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Tests.Participant;

/// <summary>The coordinator's view: Confirm/Cancel over gRPC (Grpc.AspNetCore, HTTP/2) and HTTP/JSON, on loopback Kestrel.</summary>
public sealed class ParticipantEndpointTests() : LoopbackParticipantTests("unit-participant")
{
    private const string Context = """{"sku":"A-1","quantity":3}""";

    protected override void Register(IServiceCollection services, TransactionsBuilder sdk) =>
        services.AddTccParticipant<IReservations, Reservations>();

    [Fact]
    public async Task HttpConfirm_KnownAction_RunsConfirmWithTheTryArguments()
    {
        using var response = await PostAsync("confirm", new { xid = "9007199254740993", branchId = "77", resourceId = "unit-participant", actionName = "reserve", actionContext = Context, attempt = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SUCCEEDED", await ResultOf(response));
        Assert.Equal("confirm A-1 3", Assert.Single(Log.Entries));
        var context = Assert.Single(Log.Contexts);
        Assert.Equal((9007199254740993L, 77L, TccPhase.Confirm, 2, "unit-participant"), (context.Xid, context.BranchId, context.Phase, context.Attempt, context.ResourceId));
    }

    [Fact]
    public async Task HttpCancel_NonPublicValueTaskCancel_Runs()
    {
        using var response = await PostAsync("cancel", new { xid = 1, branchId = 2, actionName = "reserve", actionContext = Context, attempt = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancel A-1", Assert.Single(Log.Entries));
    }

    [Fact]
    public async Task HttpConfirm_UnknownAction_AnswersRetryLater()
    {
        using var response = await PostAsync("confirm", new { xid = "1", branchId = "2", actionName = "no-such-action", actionContext = "{}", attempt = 1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("RETRY_LATER", body.RootElement.GetProperty("result").GetString());
        Assert.Contains("has no TCC action 'no-such-action'", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpConfirm_ConfirmThrows_RetryLaterWithMessageButNoStackTrace()
    {
        using var response = await PostAsync("confirm", new { xid = "1", branchId = "2", actionName = "reserve", actionContext = """{"sku":"bad-confirm","quantity":1}""", attempt = 1 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("InvalidOperationException: the warehouse is on fire", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"xid":"0","branchId":"2","actionName":"reserve"}""")]
    [InlineData("""{"xid":"1","branchId":"2"}""")]
    public async Task HttpConfirm_InvalidBody_AnswersBadRequest(string body)
    {
        using var response = await PostRawAsync("confirm", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Log.Entries);
    }

    [Fact]
    public async Task GrpcConfirm_KnownAction_Succeeded()
    {
        var sut = Grpc;

        var response = await sut.ConfirmAsync(new BranchActionRequest { Xid = 5, BranchId = 6, ActionName = "reserve", ActionContext = Context, Attempt = 1 });

        Assert.Equal(BranchActionResult.Succeeded, response.Result);
        Assert.Equal("confirm A-1 3", Assert.Single(Log.Entries));
    }

    [Fact]
    public async Task GrpcConfirm_ConfirmThrows_RetryLaterWithMessage()
    {
        var sut = Grpc;

        var response = await sut.ConfirmAsync(new BranchActionRequest { Xid = 5, BranchId = 6, ActionName = "reserve", ActionContext = """{"sku":"bad-confirm","quantity":1}""", Attempt = 3 });

        Assert.Equal(BranchActionResult.RetryLater, response.Result);
        Assert.Equal("Confirm of 'reserve' failed: InvalidOperationException: the warehouse is on fire", response.Message);
    }

    [Fact]
    public async Task GrpcCancel_MissingXid_InvalidArgument()
    {
        var sut = Grpc;

        var ex = await Assert.ThrowsAsync<RpcException>(() => sut.CancelAsync(new BranchActionRequest { BranchId = 6, ActionName = "reserve" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("xid must be a positive 64-bit id.", ex.Status.Detail);
        Assert.Empty(Log.Entries);
    }

    private static async Task<string?> ResultOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("result").GetString();
    }
}
