namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>The consumer application's record of commit-to-handler latencies (a singleton of its container).</summary>
public sealed class HandledLatency
{
    /// <summary>Milliseconds from the commit at the service to the handler.</summary>
    public Latencies Samples { get; } = new();
}
