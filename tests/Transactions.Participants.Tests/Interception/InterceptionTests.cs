using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;

namespace Transactions.Participants.Tests.Interception;

/// <summary>[GlobalTransactional] and [TccAction] semantics against a fake coordinator.</summary>
public sealed class InterceptionTests : IDisposable
{
    private readonly FakeCoordinatorClient _coordinator = new();
    private readonly CallLog _log = new();
    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;

    public InterceptionTests()
    {
        _provider = CreateProvider(allowTryOutside: false);
        _scope = _provider.CreateScope();
    }

    private IOrderFlow Flow => _scope.ServiceProvider.GetRequiredService<IOrderFlow>();

    private IReservations Reservations => _scope.ServiceProvider.GetRequiredService<IReservations>();

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }

    [Fact]
    public async Task GlobalTransactional_MethodSucceeds_BeginsCommitsOnceAndReturnsResult()
    {
        var sut = Flow;

        var result = await sut.PlaceAsync(41, CancellationToken.None);

        Assert.Equal(42, result);
        Assert.Equal(["Begin", "Commit"], _coordinator.Calls);
        Assert.Equal("place xid=1001", Assert.Single(_log.Entries));
        Assert.Null(TransactionContext.CurrentXid);
    }

    [Fact]
    public async Task GlobalTransactional_MethodThrows_RollsBackAndRethrowsTheSameException()
    {
        var sut = Flow;

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.FailAsync());

        Assert.Equal("business failure", ex.Message);
        Assert.Equal(["Begin", "Rollback"], _coordinator.Calls);
        var rollback = Assert.Single(_coordinator.Rollbacks);
        Assert.Contains("InvalidOperationException: business failure", rollback.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalTransactional_ValueTaskOfT_SeesAmbientXidInsideOnly()
    {
        var sut = Flow;

        var inside = await sut.CurrentXidAsync();
        var plain = await sut.PlainXidAsync();

        Assert.Equal(1001, inside);
        Assert.Null(plain);
        Assert.Null(TransactionContext.CurrentXid);
    }

    [Fact]
    public async Task GlobalTransactional_NestedCall_JoinsTheOuterTransaction()
    {
        var sut = Flow;

        await sut.NestedAsync();

        Assert.Equal(["Begin", "Commit"], _coordinator.Calls);
        Assert.Equal("nested outer=1001 inner=1001", Assert.Single(_log.Entries));
    }

    [Fact]
    public async Task GlobalTransactional_InsideAmbientTransaction_JoinsIt()
    {
        var sut = Flow;

        using (TransactionContext.Enter(77))
        {
            Assert.Equal(77, await sut.CurrentXidAsync());
        }

        Assert.Empty(_coordinator.Calls);
    }

    [Fact]
    public async Task GlobalTransactional_CommitRefused_ThrowsRolledBackException()
    {
        _coordinator.CommitException = new TransactionCoordinatorException("Commit", StatusCode.FailedPrecondition, "its decision is already RollingBack (timed out)", 1001, null);
        var sut = Flow;

        var ex = await Assert.ThrowsAsync<GlobalTransactionRolledBackException>(() => sut.PlaceAsync(1, CancellationToken.None));

        Assert.Equal(1001, ex.Xid);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["Begin", "Commit"], _coordinator.Calls);
    }

    [Fact]
    public async Task GlobalTransactional_CommitUnreachable_ThrowsOutcomeUnknownAndAsksForRollback()
    {
        _coordinator.CommitException = new TransactionCoordinatorException("Commit", StatusCode.Unavailable, "connection refused", 1001, null);
        var sut = Flow;

        var ex = await Assert.ThrowsAsync<TransactionOutcomeUnknownException>(() => sut.PlaceAsync(1, CancellationToken.None));

        Assert.Equal(1001, ex.Xid);
        Assert.Equal(["Begin", "Commit", "Rollback"], _coordinator.Calls);
    }

    [Fact]
    public async Task GlobalTransactional_BeginFails_MethodNotCalled()
    {
        _coordinator.BeginException = new TransactionCoordinatorException("Begin", StatusCode.Unavailable, "down", null, null);
        var sut = Flow;

        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.PlaceAsync(1, CancellationToken.None));

        Assert.Empty(_log.Entries);
        Assert.Null(TransactionContext.CurrentXid);
    }

    [Fact]
    public async Task Try_InsideTransaction_RegistersBranchWithArgumentsThenRuns()
    {
        var sut = Reservations;

        string result;
        using (TransactionContext.Enter(900))
        {
            result = await sut.ReserveAsync("A-1", 3, CancellationToken.None);
        }

        Assert.Equal("reserved 3 A-1", result);
        var registration = Assert.Single(_coordinator.Registrations);
        Assert.Equal(900, registration.Xid);
        Assert.Equal("reserve", registration.ActionName);
        Assert.Equal("unit-app", registration.ResourceId);
        Assert.Equal("http://participant.test:5001", registration.Endpoint);
        Assert.Equal(ParticipantProtocol.Grpc, registration.Protocol);
        Assert.Equal("""{"sku":"A-1","quantity":3}""", registration.ActionContext);
        Assert.Equal("try A-1 3 xid=900", Assert.Single(_log.Entries));
    }

    [Fact]
    public async Task Try_Throws_ReportsPhaseOneFailedAndRethrows()
    {
        var sut = Reservations;

        using (TransactionContext.Enter(901))
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ReserveAsync("boom", 1, CancellationToken.None));
            Assert.Equal("boom", ex.Message);
        }

        Assert.Equal(["RegisterBranch", "ReportBranch"], _coordinator.Calls);
        var report = Assert.Single(_coordinator.FailureReports);
        Assert.Equal((901L, 5001L), (report.Xid, report.BranchId));
        Assert.Equal("InvalidOperationException: boom", report.Error);
    }

    [Fact]
    public async Task Try_RegistrationRefused_TryDoesNotRun()
    {
        _coordinator.RegisterException = new TransactionCoordinatorException("RegisterBranch", StatusCode.FailedPrecondition, "not Active", 902, null);
        var sut = Reservations;

        using (TransactionContext.Enter(902))
        {
            await Assert.ThrowsAsync<TransactionCoordinatorException>(() => sut.ReserveAsync("A-1", 1, CancellationToken.None));
        }

        Assert.Empty(_log.Entries);
        Assert.Equal(["RegisterBranch"], _coordinator.Calls);
    }

    [Fact]
    public async Task Try_OutsideTransaction_ThrowsClearErrorWithoutRunning()
    {
        var sut = Reservations;

        var ex = await Assert.ThrowsAsync<NoGlobalTransactionException>(() => sut.ReserveAsync("A-1", 1, CancellationToken.None));

        Assert.Equal("reserve", ex.ActionName);
        Assert.Contains("outside a global transaction", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_log.Entries);
        Assert.Empty(_coordinator.Calls);
    }

    [Fact]
    public async Task Try_OutsideTransactionWhenAllowed_RunsLocallyWithoutBranch()
    {
        using var provider = CreateProvider(allowTryOutside: true);
        using var scope = provider.CreateScope();
        var sut = scope.ServiceProvider.GetRequiredService<IReservations>();

        var result = await sut.ReserveAsync("A-1", 2, CancellationToken.None);

        Assert.Equal("reserved 2 A-1", result);
        Assert.Empty(_coordinator.Calls);
    }

    [Fact]
    public async Task Try_CalledFromGlobalTransactionalMethod_UsesItsXid()
    {
        var sut = Flow;

        await sut.ReserveAsync("B-2");

        Assert.Equal(["Begin", "RegisterBranch", "Commit"], _coordinator.Calls);
        Assert.Equal(1001, Assert.Single(_coordinator.Registrations).Xid);
    }

    [Fact]
    public async Task PlainMethod_OnTccParticipant_CallsThroughWithoutCoordinator()
    {
        var sut = Reservations;

        Assert.Equal(10, await sut.PlainAsync(5));

        Assert.Empty(_coordinator.Calls);
    }

    private ServiceProvider CreateProvider(bool allowTryOutside)
    {
        var services = SdkServices.Create(_coordinator, o => o.AllowTryOutsideTransaction = allowTryOutside);
        services.AddSingleton(_log);
        services.AddTccParticipant<IReservations, Reservations>();
        services.AddGlobalTransactional<IInnerFlow, InnerFlow>();
        services.AddGlobalTransactional<IOrderFlow, OrderFlow>();
        return services.Build();
    }
}
