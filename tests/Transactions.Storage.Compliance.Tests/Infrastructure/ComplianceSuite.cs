using Transactions.Coordinator.Domain;
using Xunit;

namespace Transactions.Storage.Compliance.Tests.Infrastructure;

/// <summary>
/// What the coordinator's compliance suites share: the provider's fixture (every test starts from empty tables), fixed
/// Unix millisecond times around <see cref="T0"/> (the stores compare the times they are given), lease owners, ids and
/// history events.
/// </summary>
/// <typeparam name="TFixture">The provider's database fixture.</typeparam>
/// <param name="fixture">The fixture.</param>
public abstract class ComplianceSuite<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : StorageFixture
{
    /// <summary>The time every test starts at.</summary>
    protected const long T0 = 1_800_000_000_000;

    /// <summary>A lease's length.</summary>
    protected const long LeaseMs = 30_000;

    /// <summary>The coordinator instance that owns the work.</summary>
    protected const string Owner = "coordinator-a";

    /// <summary>Another instance.</summary>
    protected const string OtherOwner = "coordinator-b";

    private static long s_lastId = 1_000_000;

    /// <summary>The provider's fixture.</summary>
    protected TFixture Fixture { get; } = fixture;

    /// <inheritdoc />
    public Task InitializeAsync() => Fixture.ResetAsync();

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A fresh id (unique across the suites of the process).</summary>
    /// <returns>The id.</returns>
    protected static long NextId() => Interlocked.Increment(ref s_lastId);

    /// <summary>A history event.</summary>
    /// <returns>The event.</returns>
    protected static TransactionEvent Event(long xid, string kind, long at, long? branchId = null, string? detail = null) => new()
    {
        Xid = xid,
        BranchId = branchId,
        AtUnixMs = at,
        Kind = kind,
        Actor = "test",
        Detail = detail,
    };
}
