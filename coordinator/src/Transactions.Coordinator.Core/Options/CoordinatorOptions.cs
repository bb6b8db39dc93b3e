using System.ComponentModel.DataAnnotations;

namespace Transactions.Coordinator.Options;

/// <summary>
/// Settings of the coordinator engine, bound from the <c>Coordinator</c> configuration section and
/// validated at start.
/// </summary>
public sealed class CoordinatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Coordinator";

    /// <summary>
    /// Name of this instance, used as lease owner. Must be unique among live instances and stable
    /// across restarts, so a restarted instance takes its own in-flight work back at once.
    /// Default: machine name plus the listening URLs (set by the host), else machine name.
    /// </summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string InstanceId { get; set; } = Environment.MachineName;

    /// <summary>Timeout of a transaction whose Begin gives none. Default: 60 seconds.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest timeout a Begin may ask for. Default: 1 hour.</summary>
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an instance owns a transaction it is driving before others may take it over.
    /// Default: 10 seconds. Must exceed <see cref="BranchCallTimeout"/> times (1 + <see cref="BranchCallRetries"/>).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often recovery looks for due work (timeouts, retries, abandoned work). Default: 250 ms.</summary>
    public TimeSpan RecoveryPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Most transactions claimed per recovery poll. Default: 100.</summary>
    [Range(1, 10_000)]
    public int RecoveryBatchSize { get; set; } = 100;

    /// <summary>Most transactions whose phase 2 runs at once in recovery. Default: 16.</summary>
    [Range(1, 1_000)]
    public int RecoveryParallelism { get; set; } = 16;

    /// <summary>Timeout of one Confirm/Cancel call. Default: 3 seconds.</summary>
    public TimeSpan BranchCallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Quick retries of a failed Confirm/Cancel within one phase-2 round. Default: 1.</summary>
    [Range(0, 10)]
    public int BranchCallRetries { get; set; } = 1;

    /// <summary>Base delay of the quick in-round retries (exponential, with jitter). Default: 50 ms.</summary>
    public TimeSpan BranchCallRetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most Confirm calls of one transaction made at once. Default: 8.</summary>
    [Range(1, 256)]
    public int MaxParallelBranchCalls { get; set; } = 8;

    /// <summary>Delay before the second phase-2 round; doubles each round (with jitter). Default: 1 second.</summary>
    public TimeSpan Phase2InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the phase-2 round delay; retries go on at this interval until an admin acts. Default: 60 seconds.</summary>
    public TimeSpan Phase2MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether every transaction's begin, decision and end of phase 2 is logged at Information (three lines per
    /// transaction, each with its xid). Default: false, they are Debug lines (turn them on for a while, or raise the
    /// <c>Transactions.Coordinator</c> categories to Debug); failures, retries, timeouts and recovery are logged either way.
    /// </summary>
    public bool LogEachTransaction { get; set; }

    /// <summary>The level of the per-transaction lines (<see cref="LogEachTransaction"/>).</summary>
    internal Microsoft.Extensions.Logging.LogLevel TransactionLogLevel => LogEachTransaction ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.Debug;

    /// <summary>Phase-2 rounds after which a transaction is flagged as needing attention. Default: 10.</summary>
    [Range(1, 1_000_000)]
    public int NeedsAttentionAfterRounds { get; set; } = 10;
}
