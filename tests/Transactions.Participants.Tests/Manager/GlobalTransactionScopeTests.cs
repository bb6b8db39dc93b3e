using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.Fakes;

namespace Transactions.Participants.Tests.Manager;

public sealed class GlobalTransactionScopeTests : IDisposable
{
    private readonly FakeCoordinatorClient _coordinator = new();
    private readonly ServiceProvider _provider;

    public GlobalTransactionScopeTests()
    {
        _provider = SdkServices.Create(_coordinator).Build();
    }

    private ITransactionManager Sut => _provider.GetRequiredService<ITransactionManager>();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task BeginAsync_AwaitedByCaller_SetsAmbientXidInCallerUntilDisposed()
    {
        long? inside;
        long? forked;
        await using (var scope = await Sut.BeginAsync("order", TimeSpan.FromSeconds(5)))
        {
            inside = TransactionContext.CurrentXid;
            forked = await Task.Run(() => TransactionContext.CurrentXid);
            await scope.CommitAsync();
        }

        Assert.Equal(1001, inside);
        Assert.Equal(1001, forked);
        Assert.Null(TransactionContext.CurrentXid);
        Assert.Equal(["Begin", "Commit"], _coordinator.Calls);
    }

    [Fact]
    public async Task DisposeAsync_WithoutCommit_RollsBack()
    {
        await using (var scope = await Sut.BeginAsync("order"))
        {
            Assert.False(scope.IsJoined);
        }

        Assert.Equal(["Begin", "Rollback"], _coordinator.Calls);
        Assert.Equal((1001L, "scope disposed without commit"), Assert.Single(_coordinator.Rollbacks));
    }

    [Fact]
    public async Task CommitAsync_Twice_ThrowsAndCallsCoordinatorOnce()
    {
        await using var scope = await Sut.BeginAsync("order");
        await scope.CommitAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => scope.CommitAsync());

        Assert.Equal(1, _coordinator.Count("Commit"));
    }

    [Fact]
    public async Task CommitAsync_AfterCommit_ForkedFlowsNoLongerSeeTheTransaction()
    {
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var scope = await Sut.BeginAsync("order");
        var seenByFork = Task.Run(async () =>
        {
            var before = TransactionContext.CurrentXid;
            read.SetResult();
            await committed.Task;
            return (Before: before, After: TransactionContext.CurrentXid);
        });
        await read.Task;

        await scope.CommitAsync();
        committed.SetResult();

        Assert.Equal((1001L, (long?)null), await seenByFork);
    }

    [Fact]
    public async Task BeginAsync_CoordinatorFails_NoAmbientTransactionLeft()
    {
        _coordinator.BeginException = new TransactionCoordinatorException("Begin", StatusCode.Unavailable, "down", null, null);

        await Assert.ThrowsAsync<TransactionCoordinatorException>(() => Sut.BeginAsync("order"));

        Assert.Null(TransactionContext.CurrentXid);
    }

    [Fact]
    public async Task BeginAsync_InsideAmbientTransaction_JoinsWithoutCallingCoordinator()
    {
        using var ambient = TransactionContext.Enter(55);

        await using var scope = await Sut.BeginAsync("inner");
        var status = await scope.CommitAsync();

        Assert.True(scope.IsJoined);
        Assert.Equal(55, scope.Xid);
        Assert.Equal(GlobalTransactionStatus.Active, status);
        Assert.Empty(_coordinator.Calls);
    }

    [Fact]
    public async Task JoinedScope_DisposedWithoutCommit_RollsBackTheWholeTransaction()
    {
        using var ambient = TransactionContext.Enter(56);

        await using (await Sut.BeginAsync("inner"))
        {
        }

        var rollback = Assert.Single(_coordinator.Rollbacks);
        Assert.Equal(56, rollback.Xid);
        Assert.Contains("nested scope 'inner' disposed without commit", rollback.Reason, StringComparison.Ordinal);
        Assert.Equal(56, TransactionContext.CurrentXid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task BeginAsync_BlankName_Throws(string name)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Sut.BeginAsync(name));

        Assert.Empty(_coordinator.Calls);
    }
}
