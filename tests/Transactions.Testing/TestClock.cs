namespace Transactions.Testing;

/// <summary>
/// Where the tests' fake clocks (<c>Microsoft.Extensions.Time.Testing.FakeTimeProvider</c>) start:
/// <c>new FakeTimeProvider(TestClock.Start)</c>. The library's own default start, 2000-01-01, lies before the
/// Snowflake epoch (2024-01-01), so ids made on such a clock would be out of range.
/// </summary>
public static class TestClock
{
    /// <summary>2026-01-01T00:00:00Z.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
