using System.ComponentModel.DataAnnotations;

namespace Transactions.ReliableMessage.Options;

/// <summary>
/// Settings of the reliable-message engine, bound from the <c>ReliableMessage</c> configuration section and
/// validated at start.
/// </summary>
public sealed class ReliableMessageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "ReliableMessage";

    /// <summary>
    /// Name of this instance in leases and history; unique among the instances that run at one time (the service's
    /// host makes it the machine name plus the gRPC address when it is not set). A random per-run suffix is added to
    /// the lease owner; when an instance starts it ends the leases its earlier runs still hold (a run that was killed),
    /// so their work is taken back at once instead of after <see cref="LeaseDuration"/>, while other instances' leases
    /// are left to expire. Default: the machine name.
    /// </summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string InstanceId { get; set; } = Environment.MachineName;

    /// <summary>
    /// How long an instance owns work it claimed (a publish, a redelivery, a back-check) before another instance
    /// may take it over. Default: 30 seconds. Must exceed <see cref="CheckTimeout"/> and <see cref="PushTimeout"/>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = ReliableMessageDefaults.LeaseDuration;

    /// <summary>How often recovery looks for due work. Default: 500 ms.</summary>
    public TimeSpan PollInterval { get; set; } = ReliableMessageDefaults.PollInterval;

    /// <summary>Most rows claimed per kind of work and poll. Default: 200.</summary>
    [Range(1, 10_000)]
    public int ClaimBatchSize { get; set; } = 200;

    /// <summary>Most committed messages published in one batch. Default: 500.</summary>
    [Range(1, 10_000)]
    public int DispatchBatchSize { get; set; } = 500;

    /// <summary>
    /// Publish batches in flight at once. Default (null): 1 with the Kafka transport, 4 with push. One worker lets
    /// batches grow with the load (up to <see cref="DispatchBatchSize"/>), which costs the fewest statements and CPU
    /// per message: measured with the benchmark on Kafka, 4 workers cost about 40% more service CPU per message for
    /// lower throughput. A push batch waits for its slowest consumer endpoint (up to <see cref="PushTimeout"/>), so
    /// with push one hanging consumer would hold up all publishing (and leases could expire under queued messages);
    /// more workers keep the others moving.
    /// </summary>
    [Range(1, 64)]
    public int? DispatchConcurrency { get; set; }

    /// <summary>The number of dispatch workers for a transport: <see cref="DispatchConcurrency"/>, or its default.</summary>
    /// <param name="transportName">The transport's name ("kafka", "push").</param>
    /// <returns>At least 1.</returns>
    public int EffectiveDispatchConcurrency(string transportName) =>
        DispatchConcurrency ?? (string.Equals(transportName, "push", StringComparison.Ordinal) ? 4 : 1);

    /// <summary>Committed messages waiting in memory for a publish before Commit calls wait. Default: 20,000.</summary>
    [Range(1, 1_000_000)]
    public int DispatchQueueCapacity { get; set; } = 20_000;

    /// <summary>
    /// Most Prepares (or Commits) written in one statement: requests arriving while a write is in flight are written
    /// together by the next one (group commit). Default: 256.
    /// </summary>
    [Range(1, 10_000)]
    public int WriteBatchSize { get; set; } = 256;

    /// <summary>Group-commit writes in flight at once, per kind (Prepare, Commit). Default: 2.</summary>
    [Range(1, 64)]
    public int WriteConcurrency { get; set; } = 2;

    /// <summary>How long a message may stay prepared before the producer is asked (back-check). Default: 30 seconds.</summary>
    public TimeSpan CheckDelay { get; set; } = ReliableMessageDefaults.CheckDelay;

    /// <summary>Timeout of one back-check call. Default: 5 seconds.</summary>
    public TimeSpan CheckTimeout { get; set; } = ReliableMessageDefaults.CheckTimeout;

    /// <summary>Back-checks after which an unanswered message is parked for an administrator. Default: 10.</summary>
    [Range(1, 1_000)]
    public int MaxCheckAttempts { get; set; } = 10;

    /// <summary>Delay after the first failed back-check; doubles each time. Default: 5 seconds.</summary>
    public TimeSpan CheckRetryInitialBackoff { get; set; } = ReliableMessageDefaults.CheckRetryInitialBackoff;

    /// <summary>Cap of the back-check retry delay. Default: 5 minutes.</summary>
    public TimeSpan CheckRetryMaxBackoff { get; set; } = ReliableMessageDefaults.CheckRetryMaxBackoff;

    /// <summary>Back-checks in flight at once. Default: 16.</summary>
    [Range(1, 1_000)]
    public int CheckParallelism { get; set; } = 16;

    /// <summary>
    /// Ack timeout of each delivery attempt: entry k is how long a group has to acknowledge after delivery k
    /// before it gets delivery k + 1; after the last entry's timeout the delivery is a dead letter. So the
    /// number of entries is the number of deliveries. Default (null): 1 min, 5 min, 10 min, 30 min, 1 h
    /// (<see cref="ReliableMessageDefaults.RedeliverySchedule"/>). In configuration: an array of TimeSpans.
    /// </summary>
    public TimeSpan[]? RedeliverySchedule { get; set; }

    /// <summary>Delay after the first failed publish to the transport; doubles each time. Default: 1 second.</summary>
    public TimeSpan PublishRetryInitialBackoff { get; set; } = ReliableMessageDefaults.PublishRetryInitialBackoff;

    /// <summary>Cap of the publish retry delay (retries never stop). Default: 30 seconds.</summary>
    public TimeSpan PublishRetryMaxBackoff { get; set; } = ReliableMessageDefaults.PublishRetryMaxBackoff;

    /// <summary>Embedded push transport: timeout of one push. Default: 10 seconds.</summary>
    public TimeSpan PushTimeout { get; set; } = ReliableMessageDefaults.PushTimeout;

    /// <summary>Embedded push transport: pushes in flight at once. Default: 32.</summary>
    [Range(1, 1_000)]
    public int PushParallelism { get; set; } = 32;

    /// <summary>How often an instance reloads the subscriptions other instances registered. Default: 5 seconds.</summary>
    public TimeSpan SubscriptionRefreshInterval { get; set; } = ReliableMessageDefaults.SubscriptionRefreshInterval;

    /// <summary>Largest payload Prepare accepts, in bytes. Default: 1 MiB (1,048,576).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The schedule in effect: <see cref="RedeliverySchedule"/> or the default.</summary>
    public IReadOnlyList<TimeSpan> EffectiveRedeliverySchedule =>
        RedeliverySchedule is { Length: > 0 } schedule ? schedule : ReliableMessageDefaults.RedeliverySchedule;
}
