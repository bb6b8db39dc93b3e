using Transactions.Testing;

namespace Transactions.Samples.IntegrationTests.Infrastructure;

/// <summary>A fact that needs a real PostgreSQL and a real Kafka broker: skipped with the reason when either is missing (not in CI).</summary>
public sealed class SamplesFactAttribute : FactAttribute
{
    /// <summary>Skips when <see cref="PostgresFactAttribute"/> or <see cref="KafkaFactAttribute"/> would.</summary>
    public SamplesFactAttribute()
    {
        Skip = new PostgresFactAttribute().Skip ?? new KafkaFactAttribute().Skip;
    }
}
