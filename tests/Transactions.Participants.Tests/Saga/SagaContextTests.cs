using System.Text.Json;
using Transactions.Participants.Tests.Samples.Saga;

namespace Transactions.Participants.Tests.Saga;

public sealed class SagaContextTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void GetOutput_JsonObject_Deserialized()
    {
        var sut = Create(outputs: new() { ["create"] = """{"orderId":42,"sku":"A-1"}""" });

        Assert.Equal(new OrderCreated(42, "A-1"), sut.GetOutput<OrderCreated>("create"));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("\"a JSON string\"", "a JSON string")]
    [InlineData("{\"not\":\"parsed\"}", "{\"not\":\"parsed\"}")]
    public void GetOutputOfString_RawTextAsIsAndJsonStringUnquoted(string raw, string expected)
    {
        var sut = Create(outputs: new() { ["note"] = raw });

        Assert.Equal(expected, sut.GetOutput<string>("note"));
    }

    [Fact]
    public void GetOutput_Number_Deserialized()
    {
        var sut = Create(outputs: new() { ["count"] = "17" });

        Assert.Equal(17, sut.GetOutput<int>("count"));
    }

    [Fact]
    public void GetOutput_StepWithoutOutput_KeyNotFoundNamingStepAndXid()
    {
        var sut = Create(outputs: new() { ["create"] = "x" });

        var ex = Assert.Throws<KeyNotFoundException>(() => sut.GetOutput<string>("charge"));

        Assert.Equal("Saga step 'charge' has no output in xid 9.", ex.Message);
    }

    [Fact]
    public void GetInput_JsonAndEmpty()
    {
        Assert.Equal(new CreateOrder("B-2", 3), Create(input: """{"sku":"B-2","quantity":3}""").GetInput<CreateOrder>());
        Assert.Null(Create(input: null).GetInput<CreateOrder>());
        Assert.Equal(string.Empty, Create(input: null).Input);
    }

    private static SagaContext Create(string? input = null, Dictionary<string, string>? outputs = null) =>
        new(9, 10, "step", "action", input, outputs ?? [], 1, compensating: false, Web);
}
