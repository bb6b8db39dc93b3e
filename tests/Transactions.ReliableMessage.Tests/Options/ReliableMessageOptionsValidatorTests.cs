using Transactions.ReliableMessage.Options;

namespace Transactions.ReliableMessage.Tests.Options;

public sealed class ReliableMessageOptionsValidatorTests
{
    private readonly ReliableMessageOptionsValidator _sut = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = _sut.Validate(null, new ReliableMessageOptions());

        Assert.True(result.Succeeded);
        Assert.Equal(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)],
            new ReliableMessageOptions().EffectiveRedeliverySchedule);
    }

    [Theory]
    [InlineData("kafka", 1)]
    [InlineData("push", 4)]
    public void EffectiveDispatchConcurrency_NotConfigured_DependsOnTheTransport(string transport, int expected) =>
        Assert.Equal(expected, new ReliableMessageOptions().EffectiveDispatchConcurrency(transport));

    [Theory]
    [InlineData("kafka")]
    [InlineData("push")]
    public void EffectiveDispatchConcurrency_Configured_WinsOverTheTransportDefault(string transport) =>
        Assert.Equal(3, new ReliableMessageOptions { DispatchConcurrency = 3 }.EffectiveDispatchConcurrency(transport));

    [Theory]
    [InlineData(0, false)]
    [InlineData(65, false)]
    [InlineData(1, true)]
    [InlineData(null, true)]
    public void DataAnnotations_DispatchConcurrency_OneTo64OrUnset(int? value, bool valid)
    {
        var options = new ReliableMessageOptions { DispatchConcurrency = value };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid, !results.Any(r => r.MemberNames.Contains(nameof(ReliableMessageOptions.DispatchConcurrency))));
    }

    [Fact]
    public void Validate_LeaseShorterThanACheck_FailsNamingBothSettings()
    {
        var result = _sut.Validate(null, new ReliableMessageOptions { LeaseDuration = TimeSpan.FromSeconds(2), CheckTimeout = TimeSpan.FromSeconds(5) });

        Assert.True(result.Failed);
        Assert.Contains("ReliableMessage:LeaseDuration", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ReliableMessage:CheckTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonPositiveScheduleEntry_Fails()
    {
        var result = _sut.Validate(null, new ReliableMessageOptions { RedeliverySchedule = [TimeSpan.FromSeconds(1), TimeSpan.Zero] });

        Assert.True(result.Failed);
        Assert.Contains("RedeliverySchedule", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveRedeliverySchedule_Configured_ReplacesTheDefault()
    {
        var sut = new ReliableMessageOptions { RedeliverySchedule = [TimeSpan.FromSeconds(2)] };

        Assert.Equal([TimeSpan.FromSeconds(2)], sut.EffectiveRedeliverySchedule);
    }
}
