using Xunit;

namespace Transactions.Testing;

/// <summary>A theory that needs the PostgreSQL server named by <c>TX_TEST_POSTGRES</c>; skipped and failed as <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PostgresTheoryAttribute()
    {
        if (TestEnvironment.PostgresConnectionString is null && !TestEnvironment.IsCi)
        {
            Skip = $"No PostgreSQL here: set {TestEnvironment.PostgresVariable} (./build.sh test does it).";
        }
    }
}
