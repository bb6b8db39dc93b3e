using System.ComponentModel.DataAnnotations;

namespace Transactions.ReliableMessage.Diagnostics;

/// <summary>Settings of the reliable-message service's metrics, bound from <c>ReliableMessage:Metrics</c>.</summary>
public sealed class ReliableMessageMetricsOptions
{
    /// <summary>Configuration section, under the service's own section.</summary>
    public const string SectionName = "ReliableMessage:Metrics";

    /// <summary>How often the gauges' counts are re-read from the store (one aggregate query). Default 15 s; 100 ms to 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
