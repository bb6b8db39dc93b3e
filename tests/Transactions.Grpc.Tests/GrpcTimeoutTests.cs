using Transactions.Grpc.Internal;

namespace Transactions.Grpc.Tests;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, long> ValidValues => new()
    {
        { "1H", TimeSpan.FromHours(1).Ticks },
        { "2M", TimeSpan.FromMinutes(2).Ticks },
        { "30S", TimeSpan.FromSeconds(30).Ticks },
        { "250m", TimeSpan.FromMilliseconds(250).Ticks },
        { "1500u", TimeSpan.FromMicroseconds(1500).Ticks },
        { "1000n", 10 },
        { "1n", 1 }, // rounds up: a positive timeout never becomes zero
        { "0S", 0 },
        { "99999999H", TimeSpan.FromHours(99_999_999).Ticks },
        { "00000007S", TimeSpan.FromSeconds(7).Ticks },
    };

    [Theory]
    [MemberData(nameof(ValidValues))]
    public void TryParse_ValidValue_ReturnsTimeout(string value, long expectedTicks)
    {
        var parsed = GrpcTimeout.TryParse(value, out var timeout);

        Assert.True(parsed);
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")] // units are case-sensitive: s is not a unit, S is
    [InlineData("10h")]
    [InlineData("10 S")]
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("123456789S")] // more than 8 digits
    [InlineData("10ms")]
    public void TryParse_InvalidValue_ReturnsFalse(string? value)
    {
        var parsed = GrpcTimeout.TryParse(value, out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData(250, "250m")]
    [InlineData(0.2, "1m")] // rounds up to whole milliseconds
    [InlineData(1000, "1000m")]
    [InlineData(99_999_999, "99999999m")]
    [InlineData(100_000_000, "100000S")]
    public void Format_Milliseconds_UsesSmallestUnitThatFits(double milliseconds, string expected)
    {
        var formatted = GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, formatted);
    }

    [Fact]
    public void Format_HugeTimeout_CapsAtMaximumHours()
    {
        var formatted = GrpcTimeout.Format(TimeSpan.MaxValue);

        Assert.Equal("99999999H", formatted);
    }

    [Fact]
    public void Format_ZeroOrNegative_SendsSmallestTimeout()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1234)]
    [InlineData(86_400_000)]
    [InlineData(500_000_000_000)]
    public void Format_ThenParse_NeverShortensTheTimeout(long milliseconds)
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);

        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(timeout), out var parsed));
        Assert.True(parsed >= timeout, $"{parsed} < {timeout}");
    }
}
