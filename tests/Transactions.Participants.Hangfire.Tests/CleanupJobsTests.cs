using Hangfire;
using Hangfire.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Common.Cleanup;
using Transactions.Participants.Fence;
using Transactions.ReliableMessage.Consumer.Inbox;
using Transactions.ReliableMessage.Producer.Barrier;
using Transactions.Testing;

namespace Transactions.Participants.Hangfire.Tests;

/// <summary>
/// AddHangfireCleanupJobs in a real generic host with a real Hangfire server (in-memory storage): the three SDK
/// cleaners become recurring jobs with stable ids, their background loops stand down, and a triggered job deletes
/// exactly the old rows of its table.
/// </summary>
public sealed class CleanupJobsTests : IAsyncLifetime
{
    private static readonly string ContextName = typeof(ServiceDbContext).FullName!;
    private static readonly string[] JobIds =
    [
        "tx-cleanup:tcc-fence:" + ContextName,
        "tx-cleanup:message-barrier:" + ContextName,
        "tx-cleanup:message-inbox:" + ContextName,
    ];

    private readonly string path = Path.Combine(Path.GetTempPath(), $"tx-hangfire-cleanup-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={path};Default Timeout=30";

    public async Task InitializeAsync()
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task AddHangfireCleanupJobs_RealHangfireServer_RegistersStableJobsThatDeleteOnlyOldRows()
    {
        var now = DateTimeOffset.UtcNow;
        var old = now - TimeSpan.FromDays(60);
        var young = now - TimeSpan.FromHours(1);
        await SeedAsync(old, young);
        using var host = BuildHost();

        await host.StartAsync();
        try
        {
            // The cleaners' own loops stand down (Hangfire runs them): they end without deleting anything.
            var loops = host.Services.GetServices<IHostedService>().OfType<IRowCleaner>().Cast<BackgroundService>().ToList();
            Assert.Equal(3, loops.Count);
            await Task.WhenAll(loops.Select(l => l.ExecuteTask!)).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal((2, 2, 2), await CountAsync());

            using (var connection = host.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                var jobs = connection.GetRecurringJobs();
                Assert.Equal(JobIds.Order(StringComparer.Ordinal), jobs.Select(j => j.Id).Order(StringComparer.Ordinal));
                Assert.All(jobs, j => Assert.Equal(CleanupJobsOptions.DefaultCron, j.Cron));
            }

            var manager = host.Services.GetRequiredService<IRecurringJobManager>();
            manager.Trigger(JobIds[0]);
            await Eventually.WaitAsync(async () => (await CountAsync()).Fence == 1, TimeSpan.FromSeconds(60), "the fence job deleted the old fence row");
            Assert.Equal((1, 2, 2), await CountAsync());

            manager.Trigger(JobIds[1]);
            manager.Trigger(JobIds[2]);
            await Eventually.WaitAsync(async () => await CountAsync() == (1, 1, 1), TimeSpan.FromSeconds(60), "the barrier and inbox jobs deleted their old rows");

            await using var db = CreateContext();
            Assert.Equal(young.ToUnixTimeMilliseconds(), await db.Set<TccFenceRecord>().Select(r => r.UpdatedUnixMs).SingleAsync());
            Assert.Equal(young.ToUnixTimeMilliseconds(), await db.Set<MessageBarrierRecord>().Select(r => r.CreatedUnixMs).SingleAsync());
            Assert.Equal(young.ToUnixTimeMilliseconds(), await db.Set<InboxRecord>().Select(r => r.ProcessedUnixMs).SingleAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AddHangfireCleanupJobs_HostWithoutHangfire_FailsAtStartSayingWhatToAdd()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContext<ServiceDbContext>(o => o.UseSqlite(ConnectionString));
        builder.Services.AddMessageInboxCleaner<ServiceDbContext>();
        builder.Services.AddHangfireCleanupJobs();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("AddHangfire", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddHangfireCleanupJobs_EmptyCron_RefusedOnStart()
    {
        var services = new ServiceCollection();
        services.AddHangfireCleanupJobs(o => o.Cron = " ");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CleanupJobsOptions>>().Value);

        Assert.Contains("Cron", error.Message, StringComparison.Ordinal);
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        // begin-snippet: hangfire-cleanup-jobs
        builder.Services.AddDbContext<ServiceDbContext>(o => o.UseSqlite(ConnectionString));
        builder.Services.AddTccFence<ServiceDbContext>();               // a TCC participant: the fence (and its cleaner)
        builder.Services.AddMessageBarrierCleaner<ServiceDbContext>();  // a producer: the barrier cleaner
        builder.Services.AddMessageInboxCleaner<ServiceDbContext>();    // a consumer: the inbox cleaner
        builder.Services.AddHangfire(c => c.UseInMemoryStorage());       // the host's own storage: PostgreSQL, SQLite, ...
        builder.Services.AddHangfireServer(o => o.WorkerCount = 2);
        builder.Services.AddHangfireCleanupJobs();                       // each cleaner above: a recurring job
        // end-snippet
        return builder.Build();
    }

    private ServiceDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<ServiceDbContext>().UseSqlite(ConnectionString).Options);

    private async Task SeedAsync(DateTimeOffset old, DateTimeOffset young)
    {
        await using var db = CreateContext();
        var id = 1L;
        foreach (var at in new[] { old, young })
        {
            var ms = at.ToUnixTimeMilliseconds();
            db.Set<TccFenceRecord>().Add(new TccFenceRecord { Xid = id, BranchId = id, ActionName = "freeze", State = TccFenceState.Committed, CreatedUnixMs = ms, UpdatedUnixMs = ms });
            db.Set<MessageBarrierRecord>().Add(new MessageBarrierRecord { MessageId = id, ProducerGroup = "orders", State = MessageBarrierState.Committed, CreatedUnixMs = ms });
            db.Set<InboxRecord>().Add(new InboxRecord { ConsumerGroup = "warehouse", MessageId = id, ProcessedUnixMs = ms });
            id++;
        }

        await db.SaveChangesAsync();
    }

    private async Task<(int Fence, int Barrier, int Inbox)> CountAsync()
    {
        await using var db = CreateContext();
        return (await db.Set<TccFenceRecord>().CountAsync(), await db.Set<MessageBarrierRecord>().CountAsync(), await db.Set<InboxRecord>().CountAsync());
    }
}
