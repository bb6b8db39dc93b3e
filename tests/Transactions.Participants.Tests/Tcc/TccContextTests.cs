using Transactions.Participants.Interception;
using Transactions.Participants.Tcc;
using Transactions.Participants.Tests.Samples;

namespace Transactions.Participants.Tests.Tcc;

public sealed class TccContextTests
{
    [Fact]
    public void Serialize_TryArguments_JsonObjectByParameterNameWithoutCancellationToken()
    {
        var action = ReserveAction();

        var json = TccActionContextSerializer.Serialize(action, ["A-1", 3, new CancellationToken(true)], JsonSerializerOptionsWeb);

        Assert.Equal("""{"sku":"A-1","quantity":3}""", json);
    }

    [Fact]
    public void Serialize_ThenGetArgument_RoundTripsComplexValues()
    {
        var action = ComplexAction();
        var when = new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(8));
        var lines = new List<OrderLine> { new("A-1", 2, 9.99m), new("B-2", 1, 100m) };
        var json = TccActionContextSerializer.Serialize(action, [lines, when, null], JsonSerializerOptionsWeb);

        var sut = new TccContext(TccPhase.Confirm, 1, 2, "complex", json);

        Assert.Equal(lines, sut.GetArgument<List<OrderLine>>("lines"));
        Assert.Equal(when, sut.GetArgument<DateTimeOffset>("at"));
        Assert.Null(sut.GetArgument<string?>("note"));
    }

    [Fact]
    public void GetArgument_Missing_ThrowsListingTheArgumentsHeld()
    {
        var sut = new TccContext(TccPhase.Cancel, 1, 2, "reserve", """{"sku":"A-1","quantity":3}""");

        var ex = Assert.Throws<TccActionContextException>(() => sut.GetArgument<int>("amount"));

        Assert.Contains("has no argument 'amount'; it holds: sku, quantity", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Xid);
    }

    [Fact]
    public void GetArgument_DifferentCase_FallsBackToCaseInsensitive()
    {
        var sut = new TccContext(TccPhase.Confirm, 1, 2, "reserve", """{"Sku":"A-1"}""");

        Assert.Equal("A-1", sut.GetArgument<string>("sku"));
    }

    [Fact]
    public void GetArgument_WrongType_ThrowsContextException()
    {
        var sut = new TccContext(TccPhase.Confirm, 1, 2, "reserve", """{"quantity":"three"}""");

        var ex = Assert.Throws<TccActionContextException>(() => sut.GetArgument<int>("quantity"));

        Assert.Contains("cannot be read as Int32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetArgument_Missing_ReturnsFalse()
    {
        var sut = new TccContext(TccPhase.Confirm, 1, 2, "reserve", actionContext: null);

        Assert.False(sut.TryGetArgument<int>("quantity", out _));
        Assert.Equal("{}", sut.ActionContext);
    }

    [Fact]
    public void GetArgument_ContextNotJson_ThrowsContextException()
    {
        var sut = new TccContext(TccPhase.Confirm, 1, 2, "reserve", "not json");

        Assert.Throws<TccActionContextException>(() => sut.GetArgument<int>("quantity"));
    }

    [Fact]
    public void Serialize_OverTheCoordinatorsLimit_ThrowsClearError()
    {
        var action = ComplexAction();

        var ex = Assert.Throws<InvalidOperationException>(() =>
            TccActionContextSerializer.Serialize(action, [null, DateTimeOffset.UnixEpoch, new string('x', 70_000)], JsonSerializerOptionsWeb));

        Assert.Contains("over the coordinator's limit", ex.Message, StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonSerializerOptions JsonSerializerOptionsWeb => new TransactionsOptions().JsonSerializerOptions;

    private static TccActionDescriptor ReserveAction() =>
        Describe(typeof(IReservations), typeof(Reservations), nameof(IReservations.ReserveAsync));

    private static TccActionDescriptor ComplexAction() =>
        Describe(typeof(IComplexParticipant), typeof(ComplexParticipant), nameof(IComplexParticipant.TryAsync));

    private static TccActionDescriptor Describe(Type service, Type implementation, string method)
    {
        var descriptor = TransactionalServiceDescriptor.Create(service, implementation);
        Assert.True(descriptor.TryGetMethod(service.GetMethod(method)!, out var described));
        return ((TccTryMethod)described).Action;
    }
}
