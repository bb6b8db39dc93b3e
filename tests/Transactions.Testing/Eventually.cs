using System.Diagnostics;

namespace Transactions.Testing;

/// <summary>Polls a condition until it holds or a bounded time passes.</summary>
public static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>; throws with <paramref name="what"/> when it never holds.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (await condition())
            {
                return stopwatch.Elapsed;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Not within {timeout}: {what}");
    }
}
