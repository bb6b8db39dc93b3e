namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>Where an end-to-end run's time went.</summary>
/// <param name="Cpu">CPU milliseconds per message by process group.</param>
/// <param name="Sql">Statements and commits per message on the service's database (pg_stat_statements), or null.</param>
/// <param name="SendP50">A producer's send as its caller sees it (Prepare + local transaction + Commit), median, ms.</param>
/// <param name="SendP99">The same, 99th percentile, ms.</param>
/// <param name="HandledP99">From the commit at the service to the consumer's handler, 99th percentile, ms.</param>
public sealed record RunDetails(IReadOnlyList<(string Name, double Ms)> Cpu, string? Sql, double SendP50, double SendP99, double HandledP99);
