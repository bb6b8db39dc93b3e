using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.ReliableMessage.Tests.Infrastructure;

namespace Transactions.ReliableMessage.Tests.Producer;

/// <summary>The barrier on SQLite: the back-check's answer is final and a late local commit cannot slip through.</summary>
public sealed class MessageBarrierTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new();

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ResolveAsync_NoBarrier_WritesRolledBackAndAnswersRollback()
    {
        await using var db = NewContext();

        var state = await MessageBarrier.ResolveAsync(db, 7, "orders-service", 1_000, default);
        var stored = await MessageBarrier.FindAsync(db, 7, default);

        Assert.Equal(MessageBarrierState.RolledBack, state);
        Assert.Equal(MessageBarrierState.RolledBack, stored);
    }

    [Fact]
    public async Task ResolveAsync_LocalTransactionCommitted_AnswersCommit()
    {
        await using (var db = NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await MessageBarrier.InsertAsync(db, 8, "orders-service", MessageBarrierState.Committed, 1_000, default);
            db.Shipments.Add(new Shipment { Id = 1, OrderId = "o-1" });
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await using var check = NewContext();
        var state = await MessageBarrier.ResolveAsync(check, 8, "orders-service", 2_000, default);

        Assert.Equal(MessageBarrierState.Committed, state);
    }

    [Fact]
    public async Task InsertAsync_AfterTheCheckAnsweredRollback_TheLateLocalTransactionFails()
    {
        await using (var check = NewContext())
        {
            await MessageBarrier.ResolveAsync(check, 9, "orders-service", 1_000, default);
        }

        await using var db = NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        await Assert.ThrowsAsync<SqliteException>(() => MessageBarrier.InsertAsync(db, 9, "orders-service", MessageBarrierState.Committed, 2_000, default));
        await tx.RollbackAsync();

        await using var read = NewContext();
        Assert.Equal(MessageBarrierState.RolledBack, await MessageBarrier.FindAsync(read, 9, default));
        Assert.Empty(read.Shipments);
    }

    [Fact]
    public async Task ResolveAsync_WhileTheLocalTransactionIsOpen_WaitsAndAnswersItsOutcome()
    {
        await using var db = NewContext();
        await using var tx = await db.Database.BeginTransactionAsync();
        await MessageBarrier.InsertAsync(db, 10, "orders-service", MessageBarrierState.Committed, 1_000, default);

        await using var check = NewContext();
        // Microsoft.Data.Sqlite's async methods complete synchronously (its busy wait blocks): run the check the way
        // the service's call arrives, on another thread.
        var answer = Task.Run(() => MessageBarrier.ResolveAsync(check, 10, "orders-service", 1_500, default));
        await Task.Delay(300);
        var finishedEarly = answer.IsCompleted;
        db.Shipments.Add(new Shipment { Id = 2, OrderId = "o-2" });
        await db.SaveChangesAsync();
        await tx.CommitAsync();

        Assert.False(finishedEarly);
        Assert.Equal(MessageBarrierState.Committed, await answer.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task InsertAsync_ContextWithoutTheBarrier_ExplainsHowToAddIt()
    {
        await using var db = new PlainContext(new DbContextOptionsBuilder<PlainContext>().UseSqlite(_file.ConnectionString).Options);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => MessageBarrier.InsertAsync(db, 1, "g", MessageBarrierState.Committed, 1, default));

        Assert.Contains("AddMessageBarrier", ex.Message, StringComparison.Ordinal);
    }

    private ShopDbContext NewContext() =>
        new(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite(_file.ConnectionString + ";Default Timeout=30").Options);

    private sealed class PlainContext(DbContextOptions<PlainContext> options) : DbContext(options);
}
