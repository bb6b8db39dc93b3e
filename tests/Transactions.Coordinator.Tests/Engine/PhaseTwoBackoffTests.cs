using Transactions.Coordinator.Engine;
using Xunit;

namespace Transactions.Coordinator.Tests.Engine;

public sealed class PhaseTwoBackoffTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(4, 8000)]
    public void Next_Rounds_ExponentialWithinJitter(int rounds, double expectedMs)
    {
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var delay = PhaseTwoBackoff.Next(rounds, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), random);

            Assert.InRange(delay.TotalMilliseconds, expectedMs * 0.8, expectedMs * 1.2);
        }
    }

    [Fact]
    public void Next_ManyRounds_CappedAtMax()
    {
        var delay = PhaseTwoBackoff.Next(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(1));

        Assert.InRange(delay.TotalMilliseconds, 48_000, 60_000);
    }
}
