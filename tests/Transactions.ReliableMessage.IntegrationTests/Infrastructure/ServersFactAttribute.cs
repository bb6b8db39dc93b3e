using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// A fact that needs both PostgreSQL (<c>TX_TEST_POSTGRES</c>) and Kafka (<c>TX_TEST_KAFKA</c>): skipped with the
/// reason locally when one is missing, failing in CI (where the test command starts both).
/// </summary>
public sealed class ServersFactAttribute : FactAttribute
{
    public ServersFactAttribute()
    {
        var missing = new List<string>();
        if (TestEnvironment.PostgresConnectionString is null)
        {
            missing.Add(TestEnvironment.PostgresVariable);
        }

        if (TestEnvironment.KafkaBootstrapServers is null)
        {
            missing.Add(TestEnvironment.KafkaVariable);
        }

        if (missing.Count > 0 && !TestEnvironment.IsCi)
        {
            Skip = $"Needs a real PostgreSQL and Kafka: set {string.Join(" and ", missing)} (./build.sh test does it; or eval \"$(./build.sh infra env)\").";
        }
    }
}
