using Transactions.Protocol.Sagas;
using Xunit;

namespace Transactions.Coordinator.Tests.Sagas;

public sealed class SagaDefinitionTests
{
    private const string Endpoint = "http://stock:5001";

    [Fact]
    public void Build_SequentialAndParallel_GroupsInOrderWithDefaults()
    {
        var sut = SagaBuilder.Create("place-order")
            .Step("create", s => s.Grpc(Endpoint).Action("create-order").InputJson(new { OrderId = 7 }))
            .Parallel(g => g
                .Step("stock", s => s.Grpc(Endpoint, "stock").Action("reserve").Compensation("release"))
                .Step("points", s => s.HttpJson("http://points/saga").Action("grant").Timeout(TimeSpan.FromSeconds(2)).Retry(5)))
            .Build();

        Assert.Equal(2, sut.Groups!.Count);
        Assert.Equal(["stock", "points"], sut.Groups[1].Steps!.Select(s => s.Name));
        Assert.Equal("""{"orderId":7}""", sut.Groups[0].Steps![0].Input);
        Assert.Equal(SagaFailurePolicy.Compensate, sut.FailurePolicy);
        Assert.Equal(2000, sut.Groups[1].Steps![1].TimeoutMs);
        Assert.Equal(5, sut.Groups[1].Steps![1].Retry!.MaxAttempts);
        Assert.Equal(SagaTransport.HttpJson, sut.Groups[1].Steps![1].Participant!.Protocol);
    }

    [Fact]
    public void Json_RoundTrip_SameDefinition()
    {
        var built = SagaBuilder.Create("s")
            .Step("a", s => s.Grpc(Endpoint).Action("a"))
            .Parallel(g => g.Step("b", s => s.HttpJson(Endpoint).Action("b").Compensation("undo-b")))
            .OnFailure(SagaFailurePolicy.RetryForward)
            .Build();

        var json = SagaDefinitionJson.Serialize(built);
        var sut = SagaDefinitionJson.Parse(json);

        Assert.Contains("\"retryForward\"", json, StringComparison.Ordinal);
        Assert.Contains("\"httpJson\"", json, StringComparison.Ordinal);
        Assert.Equal(json, SagaDefinitionJson.Serialize(sut));
    }

    [Fact]
    public void Parse_HandWrittenJsonWithDefaults_Valid()
    {
        var sut = SagaDefinitionJson.Parse("""
            { "name": "n", "groups": [ { "steps": [ { "name": "a", "participant": { "endpoint": "http://x:1" }, "action": "go" } ] } ] }
            """);

        var step = sut.Groups![0].Steps![0];
        Assert.Equal(SagaTransport.Grpc, step.Participant!.Protocol);
        Assert.Null(step.TimeoutMs);
        Assert.Equal(SagaFailurePolicy.Compensate, sut.FailurePolicy);
    }

    [Theory]
    [InlineData("""{"groups":[]}""", "'name' is required")]
    [InlineData("""{"name":"n","groups":[]}""", "'groups' must contain at least one group")]
    [InlineData("""{"name":"n","groups":[{"steps":[]}]}""", "'groups[0].steps' must contain")]
    [InlineData("""{"name":"n","groups":[{"steps":[{"name":"a","action":"x"}]}]}""", "'groups[0].steps[0].participant' is required")]
    [InlineData("""{"name":"n","groups":[{"steps":[{"name":"a","participant":{"endpoint":"ftp://x"},"action":"x"}]}]}""", "'groups[0].steps[0].participant.endpoint' must be an absolute http")]
    [InlineData("""{"name":"n","groups":[{"steps":[{"name":"a","participant":{"endpoint":"http://x"}}]}]}""", "'groups[0].steps[0].action' is required")]
    [InlineData("""{"name":"n","groups":[{"steps":[{"name":"a","participant":{"endpoint":"http://x"},"action":"x"}]},{"steps":[{"name":"a","participant":{"endpoint":"http://x"},"action":"y"}]}]}""", "'groups[1].steps[0].name' 'a' is used by another step")]
    [InlineData("""{"name":"n","groups":[{"steps":[{"name":"a","participant":{"endpoint":"http://x"},"action":"x","retry":{"maxAttempts":0}}]}]}""", "'groups[0].steps[0].retry.maxAttempts' must be between")]
    [InlineData("""{"name":"n","failurePolicy":"sometimes","groups":[]}""", "not valid JSON")]
    [InlineData("""{"name":"n","groups":[],"extra":1}""", "not valid JSON")]
    [InlineData("""{"name":"bad name","groups":[]}""", "'name' 'bad name' may only contain")]
    public void Parse_InvalidDefinition_ThrowsNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<SagaDefinitionException>(() => SagaDefinitionJson.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_StepWithoutParticipant_Throws()
    {
        var error = Assert.Throws<SagaDefinitionException>(() => SagaBuilder.Create("n").Step("a", s => s.Action("x")).Build());

        Assert.Equal("groups[0].steps[0].participant", error.Path);
    }
}
