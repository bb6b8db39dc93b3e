using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Tests.EntityFrameworkCore;
using Transactions.Participants.Tests.Fakes;
using Transactions.Participants.Tests.Samples;
using Transactions.Participants.Tests.Samples.Saga;
using Transactions.Protocol.V1;

namespace Transactions.Participants.Tests.Saga;

/// <summary>Saga calls through the EF Core fence (SQLite in memory): Execute as a Try, Compensate as a Cancel.</summary>
public sealed class SagaFenceTests() : LoopbackParticipantTests("unit-saga")
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public override async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FenceTestDbContext>().Database.EnsureCreatedAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _connection.DisposeAsync();
    }

    protected override void Register(IServiceCollection services, TransactionsBuilder sdk)
    {
        services.AddDbContext<FenceTestDbContext>(options => options.UseSqlite(_connection));
        sdk.UseTccFence<FenceTestDbContext>(fence => fence.CleanerEnabled = false);
        services.AddSagaParticipant<ReservationSaga>();
    }

    [Fact]
    public async Task Execute_Duplicate_TakesEffectOnceAndAnswersTheFirstRunsOutput()
    {
        var first = await Grpc.ExecuteAsync(Step(1, 10));
        var duplicate = await Grpc.ExecuteAsync(Step(1, 10, attempt: 2));

        Assert.Equal((SagaStepResult.Succeeded, "reserved by run 1"), (first.Result, first.Output));
        Assert.Equal((SagaStepResult.Succeeded, "reserved by run 1"), (duplicate.Result, duplicate.Output));
        Assert.Equal(["reserve 10"], await RowsAsync());
        Assert.Equal(["reserve 10"], Log.Entries);
    }

    [Fact]
    public async Task Compensate_AfterExecute_RunsOnceEvenWhenRepeated()
    {
        await Grpc.ExecuteAsync(Step(2, 20));

        var compensated = await Grpc.CompensateAsync(Step(2, 20));
        var again = await Grpc.CompensateAsync(Step(2, 20, attempt: 2));

        Assert.Equal((SagaStepResult.Succeeded, SagaStepResult.Succeeded), (compensated.Result, again.Result));
        Assert.Equal(["reserve 20", "release 20"], await RowsAsync());
    }

    [Fact]
    public async Task Compensate_BeforeExecute_EmptyCompensationAndTheLateExecuteIsRefused()
    {
        var compensated = await Grpc.CompensateAsync(Step(3, 30));
        var late = await Grpc.ExecuteAsync(Step(3, 30));

        Assert.Equal(SagaStepResult.Succeeded, compensated.Result);
        Assert.NotEqual(SagaStepResult.Succeeded, late.Result);
        Assert.Contains("TccFenceTryRefusedException", late.Message, StringComparison.Ordinal);
        Assert.Empty(await RowsAsync());
        Assert.Empty(Log.Entries);
    }

    [Fact]
    public async Task Execute_DifferentSteps_EachTakesEffect()
    {
        var a = await Grpc.ExecuteAsync(Step(4, 40));
        var b = await Grpc.ExecuteAsync(Step(4, 41));

        Assert.Equal(("reserved by run 1", "reserved by run 2"), (a.Output, b.Output));
        Assert.Equal(["reserve 40", "reserve 41"], await RowsAsync());
    }

    private static SagaStepRequest Step(long xid, long branchId, int attempt = 1) => new()
    {
        Xid = xid,
        BranchId = branchId,
        StepName = "reserve",
        ActionName = "reserve",
        Attempt = attempt,
    };

    private async Task<List<string>> RowsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FenceTestDbContext>().Reservations.OrderBy(r => r.Id).Select(r => r.Phase).ToListAsync();
    }
}
