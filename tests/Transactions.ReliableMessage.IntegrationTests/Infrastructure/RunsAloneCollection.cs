using Xunit;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// The crash tests, which time how fast a restarted service finishes its work, and the hostile-client test, which
/// floods the service with a thousand stalled streams and measures its memory: each runs after the parallel tests,
/// on its own, so neither disturbs nor is disturbed by a neighbour.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
