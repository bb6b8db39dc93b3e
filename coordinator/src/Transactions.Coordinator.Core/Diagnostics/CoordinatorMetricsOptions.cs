using System.ComponentModel.DataAnnotations;

namespace Transactions.Coordinator.Diagnostics;

/// <summary>Settings of the coordinator's metrics, bound from <c>Coordinator:Metrics</c>.</summary>
public sealed class CoordinatorMetricsOptions
{
    /// <summary>Configuration section name, relative to <c>Coordinator</c>.</summary>
    public const string SectionName = "Metrics";

    /// <summary>
    /// How often the gauges' snapshot (unfinished transactions by status, oldest one) is re-read from the store.
    /// Default: 15 seconds. Between 100 ms and 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
