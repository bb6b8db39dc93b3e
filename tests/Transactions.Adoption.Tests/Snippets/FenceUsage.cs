using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Participants.Fence;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>Transactions.Participants.Fence's README (compiled here, not run).</summary>
public sealed class FenceUsage(DbContextOptions<FenceUsage> options) : DbContext(options)
{
    public DbSet<FenceUsageStock> Stocks => Set<FenceUsageStock>();

    public static void Register(WebApplicationBuilder builder)
    {
        // begin-snippet: fence-registration
        // 2. Registration: ITccFence<T> (singleton) + the old-row cleaner (hosted service); options validated on start.
        builder.Services.AddDbContext<FenceUsage>(o => o.UseSqlite("Data Source=stock.db"));
        builder.Services.AddTccFence<FenceUsage>(o => o.Retention = TimeSpan.FromDays(7));
        // end-snippet
    }

    public static async Task<TccFenceOutcome> TryAsync(ITccFence<FenceUsage> fence, FenceUsage db, long xid, long branchId, string sku, int quantity, CancellationToken ct)
    {
        // begin-snippet: fence-try
        // 3. In the participant's Try / Confirm / Cancel handlers (business code uses the SAME context).
        var outcome = await fence.TryAsync(db, xid, branchId, "stock-reserve", async ct =>
        {
            var stock = await db.Stocks.SingleAsync(s => s.Sku == sku, ct);
            stock.Frozen += quantity;                         // saved by the fence before it commits
        }, ct);
        // end-snippet
        return outcome;
    }

    // begin-snippet: fence-model
    // 1. The table joins the participant's model (and so its migrations).
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddTccFence();                       // table tcc_fence; or o => { o.Schema = "..."; o.TableName = "..."; }
    }
    // end-snippet
}
