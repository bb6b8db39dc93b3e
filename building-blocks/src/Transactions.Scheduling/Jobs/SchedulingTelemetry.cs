namespace Transactions.Scheduling.Jobs;

/// <summary>Where the jobs' metrics go: the service's meter and the prefix of its instrument names.</summary>
/// <param name="MeterName">The service's meter, e.g. <c>Transactions.Coordinator</c> (already exported by the service).</param>
/// <param name="InstrumentPrefix">The service's instrument prefix, e.g. <c>tx</c> (gives <c>tx.jobs.rows_deleted</c>).</param>
public sealed record SchedulingTelemetry(string MeterName, string InstrumentPrefix);
