namespace Transactions.Telemetry;

/// <summary>What a host exports: its default service name, meters and activity sources.</summary>
/// <param name="ServiceName">The default <c>service.name</c>.</param>
/// <param name="Meters">Meter names.</param>
/// <param name="ActivitySources">Activity source names.</param>
public sealed record TelemetrySources(string ServiceName, IReadOnlyList<string> Meters, IReadOnlyList<string> ActivitySources);
