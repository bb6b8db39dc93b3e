namespace Transactions.ReliableMessage.Dispatch;

/// <summary>Exponential backoff without jitter (the schedule must be predictable for operators and tests).</summary>
public static class Backoff
{
    /// <summary><paramref name="initial"/> doubled <paramref name="failures"/> - 1 times, capped at <paramref name="max"/>.</summary>
    /// <param name="failures">Failures so far, at least 1.</param>
    /// <param name="initial">Delay after the first failure.</param>
    /// <param name="max">Cap.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
