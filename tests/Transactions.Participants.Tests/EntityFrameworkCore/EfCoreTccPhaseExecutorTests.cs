using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Fence;
using Transactions.Participants.Tests.Fakes;

namespace Transactions.Participants.Tests.EntityFrameworkCore;

/// <summary>UseTccFence plugs the EF Core fence in; phases share the scope's DbContext (SQLite in memory).</summary>
public sealed class EfCoreTccPhaseExecutorTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _provider;

    public EfCoreTccPhaseExecutorTests()
    {
        _connection.Open();
        var services = SdkServices.Create(new FakeCoordinatorClient());
        services.AddDbContext<FenceTestDbContext>(options => options.UseSqlite(_connection));
        services.AddTransactions(_ => { }).UseTccFence<FenceTestDbContext>(fence => fence.CleanerEnabled = false);
        _provider = services.Build();
        using var scope = _provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<FenceTestDbContext>().Database.EnsureCreated();
    }

    private ITccPhaseExecutor Sut => _provider.GetRequiredService<ITccPhaseExecutor>();

    public void Dispose()
    {
        _provider.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public async Task Confirm_AfterTry_RunsOnceThenAlreadyDone()
    {
        var tried = await RunAsync(TccPhase.Try, 1, 10);
        var confirmed = await RunAsync(TccPhase.Confirm, 1, 10);
        var again = await RunAsync(TccPhase.Confirm, 1, 10);

        Assert.Equal((TccPhaseOutcome.Executed, TccPhaseOutcome.Executed, TccPhaseOutcome.AlreadyDone), (tried, confirmed, again));
        Assert.Equal(["Try", "Confirm"], await PhasesAsync());
    }

    [Fact]
    public async Task Try_AfterCancelWithoutTry_RefusedAndNothingWritten()
    {
        var cancelled = await RunAsync(TccPhase.Cancel, 2, 20);

        await Assert.ThrowsAsync<TccFenceTryRefusedException>(() => RunAsync(TccPhase.Try, 2, 20));

        Assert.Equal(TccPhaseOutcome.EmptyRollback, cancelled);
        Assert.Empty(await PhasesAsync());
    }

    [Fact]
    public async Task Business_Throws_FenceRowRolledBackWithIt()
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FenceTestDbContext>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sut.ExecuteAsync(
            new TccPhaseCall(TccPhase.Try, 3, 30, "reserve", scope.ServiceProvider),
            async ct =>
            {
                db.Reservations.Add(new Reservation { Phase = "Try" });
                await db.SaveChangesAsync(ct);
                throw new InvalidOperationException("business failed after writing");
            },
            CancellationToken.None));

        Assert.Empty(await PhasesAsync());
        Assert.Equal(TccPhaseOutcome.EmptyRollback, await RunAsync(TccPhase.Cancel, 3, 30));
    }

    [Fact]
    public async Task Execute_ContextNotRegistered_ClearError()
    {
        var services = SdkServices.Create(new FakeCoordinatorClient());
        services.AddTransactions(_ => { }).UseTccFence<FenceTestDbContext>(fence => fence.CleanerEnabled = false);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredService<ITccPhaseExecutor>().ExecuteAsync(
            new TccPhaseCall(TccPhase.Try, 1, 1, "reserve", scope.ServiceProvider), _ => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("register it with AddDbContext<FenceTestDbContext>()", ex.Message, StringComparison.Ordinal);
    }

    private async Task<TccPhaseOutcome> RunAsync(TccPhase phase, long xid, long branchId)
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FenceTestDbContext>();
        return await Sut.ExecuteAsync(
            new TccPhaseCall(phase, xid, branchId, "reserve", scope.ServiceProvider),
            ct =>
            {
                // The business method writes through the scope's context; the fence saves and commits it.
                db.Reservations.Add(new Reservation { Phase = phase.ToString() });
                return Task.CompletedTask;
            },
            CancellationToken.None);
    }

    private async Task<List<string>> PhasesAsync()
    {
        await using var scope = _provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FenceTestDbContext>().Reservations.OrderBy(r => r.Id).Select(r => r.Phase).ToListAsync();
    }
}
