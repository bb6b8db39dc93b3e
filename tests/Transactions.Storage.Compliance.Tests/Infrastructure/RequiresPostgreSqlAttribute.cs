using Transactions.Testing;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// The class needs the PostgreSQL server named by <c>TX_TEST_POSTGRES</c>. Without it the tests are skipped
/// with the reason locally, and FAIL in CI (<c>CI</c> set): the test command starts PostgreSQL there, so a
/// missing server is a broken set-up, not a reason to skip (the fixture then reports the variable).
/// </summary>
public sealed class RequiresPostgreSqlAttribute : ProviderRequirementAttribute
{
    /// <inheritdoc />
    public override string? SkipReason =>
        TestEnvironment.PostgresConnectionString is null && !TestEnvironment.IsCi
            ? $"No PostgreSQL here: set {TestEnvironment.PostgresVariable} (./build.sh test does it)."
            : null;
}
