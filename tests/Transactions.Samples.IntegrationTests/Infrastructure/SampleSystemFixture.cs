using Samples.Demo.Client;
using Samples.Demo.Stack;
using Transactions.Testing;

namespace Transactions.Samples.IntegrationTests.Infrastructure;

/// <summary>
/// One sample system per test class: six processes on PostgreSQL (a fresh database per component) with the Kafka
/// transport (a topic, consumer group and retry-topic prefix of its own). Nothing starts when PostgreSQL or Kafka is not
/// configured (the tests are skipped then).
/// </summary>
public sealed class SampleSystemFixture : IAsyncLifetime
{
    private readonly List<PostgresDatabase> _databases = [];
    private SampleStack? _stack;

    /// <summary>The running system.</summary>
    public SampleStack Stack => _stack ?? throw new InvalidOperationException("The sample system did not start (PostgreSQL or Kafka not configured).");

    /// <summary>Its HTTP client.</summary>
    public SampleClient Client => Stack.Client;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (TestEnvironment.PostgresConnectionString is null || TestEnvironment.KafkaBootstrapServers is null)
        {
            return;
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var options = new SampleStackOptions
        {
            Provider = "PostgreSql",
            Transport = "Kafka",
            KafkaBootstrapServers = TestEnvironment.KafkaBootstrapServers,
            ShipmentTopic = $"sample.shipments.{run}",
            ConsumerGroup = $"warehouse-{run}",
            KafkaRetryTopicPrefix = $"rm.retry.{run}.",
        };
        foreach (var component in SampleStackOptions.Components)
        {
            var database = await PostgresDatabase.CreateAsync($"samples_{component}");
            _databases.Add(database);
            options.ConnectionStrings[component] = database.ConnectionString;
        }

        _stack = await SampleStack.StartAsync(options, _ => { }, CancellationToken.None);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }
}
