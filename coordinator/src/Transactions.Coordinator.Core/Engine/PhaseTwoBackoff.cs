namespace Transactions.Coordinator.Engine;

/// <summary>Delay before the next phase-2 round: exponential from an initial delay, capped, with ±20% jitter.</summary>
public static class PhaseTwoBackoff
{
    /// <summary>Delay after <paramref name="rounds"/> rounds (1 for the delay after the first round).</summary>
    public static TimeSpan Next(int rounds, TimeSpan initial, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Clamp(rounds - 1, 0, 30);
        var raw = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = raw * (0.8 + (random.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }
}
