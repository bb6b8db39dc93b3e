namespace Transactions.Hosting.Memory;

/// <summary>
/// How a service gives memory back after a burst (section <c>Memory</c>). A burst of large or stalled requests (up
/// to the flow-control windows of every connection) grows the process; once the clients are gone and the service is
/// idle, it should shrink back instead of holding that memory until the next busy period.
/// </summary>
public sealed class ServiceMemoryOptions
{
    /// <summary>The configuration section: <c>Memory</c>.</summary>
    public const string SectionName = "Memory";

    /// <summary>
    /// Kestrel's connection buffers come from the runtime's shared array pool (<see cref="System.Buffers.MemoryPool{T}.Shared"/>),
    /// whose unused arrays the garbage collector reclaims, instead of Kestrel's pinned block pool, which (.NET 10) only
    /// gives back about 5% of its blocks every 10 s once idle. Default: true.
    /// </summary>
    public bool UseSharedBufferPool { get; set; } = true;

    /// <summary>Whether a full, compacting collection runs once the service is idle after it grew (see <see cref="IdleAfter"/>). Default: true.</summary>
    public bool ReturnWhenIdle { get; set; } = true;

    /// <summary>No request for this long (and none running) counts as idle. Default: 10 s.</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much the committed managed memory must have grown since the last collection of this kind for another one to run. Default: 64 MiB.</summary>
    public int MinimumGrowthMegabytes { get; set; } = 64;

    /// <summary>How often idleness and growth are checked. Default: 5 s.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Request body bytes all gRPC calls together may hold at once (<see cref="RequestBodyBudget"/>); a call that
    /// would go past it is refused with <c>ResourceExhausted</c>. Default: 256 MiB.
    /// </summary>
    public int RequestBodyBudgetMegabytes { get; set; } = 256;
}
