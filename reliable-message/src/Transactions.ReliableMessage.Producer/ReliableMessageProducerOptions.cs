using System.ComponentModel.DataAnnotations;

namespace Transactions.ReliableMessage.Producer;

/// <summary>Settings of the producer SDK, bound from the <c>ReliableMessage:Producer</c> section by convention.</summary>
public sealed class ReliableMessageProducerOptions
{
    /// <summary>gRPC address of the reliable-message service, e.g. <c>http://reliable-message:5310</c>. Required.</summary>
    [Required]
    public string? ServiceAddress { get; set; }

    /// <summary>
    /// This application's key on the service's producer/consumer API (its <c>Security:Applications</c>), sent in the
    /// <c>x-rm-app-key</c> metadata of every call; printable ASCII without spaces. Default: null (no key; a service
    /// with <c>Security:RequireApplicationKeys</c> then refuses the calls).
    /// </summary>
    [RegularExpression("^[!-~]+$", ErrorMessage = "ApplicationKey must be printable ASCII without spaces (it is sent as gRPC metadata).")]
    public string? ApplicationKey { get; set; }

    /// <summary>This producer application's name (1-128 characters of [a-zA-Z0-9._-]). Required.</summary>
    [Required]
    [StringLength(128, MinimumLength = 1)]
    public string? ProducerGroup { get; set; }

    /// <summary>
    /// This application's own gRPC base address, where the service calls the back-check
    /// (<c>app.MapReliableMessageProducer()</c> serves it), e.g. <c>http://orders:5001</c>. Default: null, which
    /// means a message left prepared is parked for an administrator instead of checked.
    /// </summary>
    public string? CheckEndpoint { get; set; }

    /// <summary>Timeout of one call to the service. Default: 5 seconds.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a call that failed with a transient status (Unavailable, DeadlineExceeded...). Default: 3.</summary>
    [Range(0, 20)]
    public int Retries { get; set; } = 3;

    /// <summary>Base delay of those retries (exponential, with jitter). Default: 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether concurrent Prepare and Commit calls of this process leave together as PrepareBatch / CommitBatch calls
    /// (group commit: no timer; a lone call leaves at once). Saves a gRPC call per message on both sides under load.
    /// A service without the batch methods is detected (Unimplemented) and called one message at a time. Default: true.
    /// </summary>
    public bool Batching { get; set; } = true;

    /// <summary>Most messages per batch call. Default: 100 (the service accepts up to 1,000).</summary>
    [Range(1, 1_000)]
    public int MaxBatchSize { get; set; } = 100;

    /// <summary>
    /// Most bytes of Prepare requests per PrepareBatch call (a larger message still leaves, alone). Default: 2 MiB; at
    /// most 4 MiB, so a batch stays under the service's 8 MiB message limit even with one more large item.
    /// </summary>
    [Range(1, 4 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Batch calls of each kind in flight at once. Default: 2.</summary>
    [Range(1, 64)]
    public int BatchSenders { get; set; } = 2;
}
