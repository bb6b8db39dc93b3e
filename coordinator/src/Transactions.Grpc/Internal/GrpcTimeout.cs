using System.Globalization;

namespace Transactions.Grpc.Internal;

/// <summary>
/// The <c>grpc-timeout</c> header: <c>TimeoutValue TimeoutUnit</c>, a positive integer of at most 8 digits
/// followed by H (hours), M (minutes), S (seconds), m (milliseconds), u (microseconds) or n (nanoseconds).
/// </summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;
    private const long MaxValue = 99_999_999;

    /// <summary>Parses a header value; false when it is malformed.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        // Every product below fits in a long: 99,999,999 hours is 3.6e18 ticks (TimeSpan holds 9.2e18).
        long ticks;
        switch (value[^1])
        {
            case 'H':
                ticks = amount * TimeSpan.TicksPerHour;
                break;
            case 'M':
                ticks = amount * TimeSpan.TicksPerMinute;
                break;
            case 'S':
                ticks = amount * TimeSpan.TicksPerSecond;
                break;
            case 'm':
                ticks = amount * TimeSpan.TicksPerMillisecond;
                break;
            case 'u':
                ticks = amount * TimeSpan.TicksPerMicrosecond;
                break;
            case 'n':
                // 100 ns per tick; round up so that a positive timeout never becomes zero.
                ticks = (amount + 99) / 100;
                break;
            default:
                return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>
    /// Formats a timeout in the smallest of m, S, M, H that fits 8 digits, rounding up (at least <c>1m</c>),
    /// capped at 99,999,999 hours.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        var ticks = timeout.Ticks;
        var amount = CeilingDivide(ticks, TimeSpan.TicksPerMillisecond);
        if (amount <= MaxValue)
        {
            return amount.ToString(CultureInfo.InvariantCulture) + "m";
        }

        amount = CeilingDivide(ticks, TimeSpan.TicksPerSecond);
        if (amount <= MaxValue)
        {
            return amount.ToString(CultureInfo.InvariantCulture) + "S";
        }

        amount = CeilingDivide(ticks, TimeSpan.TicksPerMinute);
        if (amount <= MaxValue)
        {
            return amount.ToString(CultureInfo.InvariantCulture) + "M";
        }

        amount = Math.Min(CeilingDivide(ticks, TimeSpan.TicksPerHour), MaxValue);
        return amount.ToString(CultureInfo.InvariantCulture) + "H";
    }

    private static long CeilingDivide(long value, long divisor) => (value / divisor) + (value % divisor == 0 ? 0 : 1);
}
