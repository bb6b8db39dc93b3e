namespace Samples.Demo.Stack;

/// <summary>How the demo (or a test) runs the sample system. Bound from the <c>Demo</c> configuration section.</summary>
public sealed class SampleStackOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Demo";

    /// <summary>The components, each with its own database.</summary>
    public static readonly IReadOnlyList<string> Components = ["coordinator", "reliable_message", "orders", "stock", "points", "warehouse"];

    /// <summary><c>Sqlite</c> (temp files, no set-up) or <c>PostgreSql</c>. Default: <c>Sqlite</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>
    /// PostgreSQL: a connection string to the server (any database); each component gets the database
    /// <c>{DatabasePrefix}_{component}</c> on it, created at start. Default: null.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Prefix of the PostgreSQL database names. Default: <c>sample</c>.</summary>
    public string DatabasePrefix { get; set; } = "sample";

    /// <summary>
    /// PostgreSQL: the largest connection pool of each process (applied unless its connection string sets one). Six
    /// processes share one server, whose <c>max_connections</c> is often 100-300. Default: 25.
    /// </summary>
    public int PostgresMaxPoolSize { get; set; } = 25;

    /// <summary>Connection strings per component (see <see cref="Components"/>), overriding the two settings above. Default: none.</summary>
    public Dictionary<string, string> ConnectionStrings { get; } = new(StringComparer.Ordinal);

    /// <summary><c>Push</c> (embedded: the reliable-message service pushes to the warehouse) or <c>Kafka</c>. Default: <c>Push</c>.</summary>
    public string Transport { get; set; } = "Push";

    /// <summary>Kafka bootstrap servers (Kafka transport). Default: <c>127.0.0.1:59092</c>.</summary>
    public string KafkaBootstrapServers { get; set; } = "127.0.0.1:59092";

    /// <summary>Kafka: prefix of the per-group redelivery topics. Default: <c>rm.retry.</c>.</summary>
    public string KafkaRetryTopicPrefix { get; set; } = "rm.retry.";

    /// <summary>Topic of the shipment notices. Default: <c>sample.shipments</c>.</summary>
    public string ShipmentTopic { get; set; } = "sample.shipments";

    /// <summary>The warehouse's consumer group (also its Kafka group id). Default: <c>warehouse</c>.</summary>
    public string ConsumerGroup { get; set; } = "warehouse";

    /// <summary>Where SQLite files and logs go. Default: null, a new folder under the system temp folder.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>
    /// Extra settings per process (<c>coordinator</c>, <c>reliable-message</c>, <c>order</c>, <c>stock</c>, <c>points</c>,
    /// <c>warehouse</c>), as environment variables, e.g. <c>["stock"]["Stock__LockWait"] = "00:01:00"</c>. Default: none.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> ProcessSettings { get; } = new(StringComparer.Ordinal);

    /// <summary>How long each process may take to get healthy. Default: 120 seconds.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
