using Transactions.ReliableMessage.Dispatch;

namespace Transactions.ReliableMessage.Tests.Dispatch;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(1_000, 30)]
    public void Delay_Failures_DoublesFromTheInitialDelayUpToTheCap(int failures, int expectedSeconds)
    {
        var delay = Backoff.Delay(failures, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }
}
