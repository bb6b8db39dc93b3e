using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

/// <summary>Provider-independent behaviour of <see cref="TccFence{TContext}"/> (run on SQLite once).</summary>
public sealed class TccFenceTests(SqliteFenceDatabase database) : IClassFixture<SqliteFenceDatabase>
{
    [Fact]
    public async Task TryAsync_ContextWithoutFenceTable_ThrowsNamingAddTccFence()
    {
        var sut = new TccFence<NoFenceDbContext>(TimeProvider.System, new ListLogger<TccFence<NoFenceDbContext>>());
        await using var db = new NoFenceDbContext(new DbContextOptionsBuilder<NoFenceDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        var businessRuns = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => sut.TryAsync(db, 1, 2, "action", _ =>
            {
                businessRuns++;
                return Task.CompletedTask;
            }));

        Assert.Contains("AddTccFence", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, businessRuns);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task TryAsync_BlankActionName_ThrowsArgumentException(string actionName)
    {
        var sut = new TccFence<FenceTestDbContext>(TimeProvider.System, new ListLogger<TccFence<FenceTestDbContext>>());
        await using var db = database.CreateContext();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => sut.TryAsync(db, 1, 2, actionName, _ => Task.CompletedTask));

        Assert.Equal("actionName", error.ParamName);
    }

    [Fact]
    public async Task ConfirmAsync_ActionNameTooLong_ThrowsArgumentException()
    {
        var sut = new TccFence<FenceTestDbContext>(TimeProvider.System, new ListLogger<TccFence<FenceTestDbContext>>());
        await using var db = database.CreateContext();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => sut.ConfirmAsync(
            db, 1, 2, new string('a', TccFenceRecord.ActionNameMaxLength + 1), _ => Task.CompletedTask));

        Assert.Equal("actionName", error.ParamName);
    }

    [Fact]
    public async Task TryAsync_WithTimeProvider_StampsRowWithItsClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var sut = new TccFence<FenceTestDbContext>(clock, new ListLogger<TccFence<FenceTestDbContext>>());
        var (xid, branchId) = (Random.Shared.NextInt64(1, long.MaxValue), 7L);
        await using (var db = database.CreateContext())
        {
            await sut.TryAsync(db, xid, branchId, "stamp", _ => Task.CompletedTask);
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        await using (var db = database.CreateContext())
        {
            await sut.ConfirmAsync(db, xid, branchId, "stamp", _ => Task.CompletedTask);
        }

        await using var reader = database.CreateContext();
        var row = await reader.Fence.AsNoTracking().SingleAsync(r => r.Xid == xid && r.BranchId == branchId);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeMilliseconds(), row.CreatedUnixMs);
        Assert.Equal(row.CreatedUnixMs + 5_000, row.UpdatedUnixMs);
    }

    [Fact]
    public async Task A_failing_Try_is_a_Debug_line_for_the_caller_to_handle_a_failing_Confirm_a_Warning()
    {
        var logger = new ListLogger<TccFence<FenceTestDbContext>>();
        var sut = new TccFence<FenceTestDbContext>(TimeProvider.System, logger);
        var (xid, branchId) = (Random.Shared.NextInt64(1, long.MaxValue), 9L);
        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => sut.TryAsync(db, xid, branchId, "refuse", _ => throw new InvalidOperationException("not enough stock")));
        }

        var tryFailed = Assert.Single(logger.Entries, e => e.EventId == 7108);
        Assert.Equal(LogLevel.Debug, tryFailed.Level);
        Assert.Contains("InvalidOperationException: not enough stock", tryFailed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);

        var other = xid + 1;
        await using (var db = database.CreateContext())
        {
            await sut.TryAsync(db, other, branchId, "confirm-fails", _ => Task.CompletedTask);
        }

        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => sut.ConfirmAsync(db, other, branchId, "confirm-fails", _ => throw new InvalidOperationException("ledger down")));
        }

        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Entries, e => e.EventId == 7105).Level);
    }

    [Fact]
    public async Task CancelAsync_EmptyRollbackThenTry_LogsXidAndBranchIdStructured()
    {
        var logger = new ListLogger<TccFence<FenceTestDbContext>>();
        var sut = new TccFence<FenceTestDbContext>(TimeProvider.System, logger);
        var (xid, branchId) = (Random.Shared.NextInt64(1, long.MaxValue), 42L);
        await using (var db = database.CreateContext())
        {
            await sut.CancelAsync(db, xid, branchId, "log-test", _ => Task.CompletedTask);
        }

        await using (var db = database.CreateContext())
        {
            await Assert.ThrowsAsync<TccFenceTryRefusedException>(
                () => sut.TryAsync(db, xid, branchId, "log-test", _ => Task.CompletedTask));
        }

        var emptyRollback = Assert.Single(logger.Entries, e => e.EventId == 7102);
        var refused = Assert.Single(logger.Entries, e => e.EventId == 7103);
        Assert.Equal(LogLevel.Warning, refused.Level);
        foreach (var entry in new[] { emptyRollback, refused })
        {
            Assert.Equal(xid, entry.Values["Xid"]);
            Assert.Equal(branchId, entry.Values["BranchId"]);
            Assert.Contains($"xid {xid} branch {branchId}", entry.Message, StringComparison.Ordinal);
        }
    }
}
