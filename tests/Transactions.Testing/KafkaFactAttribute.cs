using Xunit;

namespace Transactions.Testing;

/// <summary>
/// A fact that needs the Kafka broker named by <c>TX_TEST_KAFKA</c>. Without it the test is skipped with the
/// reason locally, and fails in CI (<c>CI</c> set), where the test command always starts Kafka: a missing broker
/// there is a broken set-up, not a reason to skip.
/// </summary>
public sealed class KafkaFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public KafkaFactAttribute()
    {
        if (TestEnvironment.KafkaBootstrapServers is null && !TestEnvironment.IsCi)
        {
            Skip = $"No Kafka here: set {TestEnvironment.KafkaVariable} (./build.sh test does it; or eval \"$(eng/scripts/kafka.sh env)\").";
        }
    }
}
