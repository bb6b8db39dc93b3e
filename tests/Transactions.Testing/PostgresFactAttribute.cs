using Xunit;

namespace Transactions.Testing;

/// <summary>
/// A fact that needs the PostgreSQL server named by <c>TX_TEST_POSTGRES</c>. Without it the test is
/// skipped with the reason locally, and fails in CI (<c>CI</c> set), where the test command always
/// starts PostgreSQL: a missing server there is a broken set-up, not a reason to skip.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PostgresFactAttribute()
    {
        if (TestEnvironment.PostgresConnectionString is null && !TestEnvironment.IsCi)
        {
            Skip = $"No PostgreSQL here: set {TestEnvironment.PostgresVariable} (./build.sh test does it).";
        }
    }
}
