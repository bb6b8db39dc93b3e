using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that measure how fast the coordinator recovers: they run after the parallel tests, one at a time, so that a
/// neighbour's deliberate burst (a thousand stalled HTTP/2 streams, a 20 MB message) does not starve the participants
/// they host in the test process into branch-call timeouts and phase-2 backoff that no production instance would see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
