using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Transactions.Locking;

namespace Transactions.Adoption.Tests.Snippets;

/// <summary>Transactions.Locking's README (compiled here, not run).</summary>
public static class DistributedLockUsage
{
    public static void Register(WebApplicationBuilder builder)
    {
        // begin-snippet: lock-registration
        // Registration (options validated on start): or AddDistributedLock(builder.Configuration.GetSection("DistributedLock"))
        builder.Services.AddDistributedLock(o =>
        {
            o.Provider = "PostgreSql";                      // or "SqlServer", or "Sqlite" (default)
            o.ConnectionString = builder.Configuration.GetConnectionString("Stock")!;
        });
        // end-snippet
    }

    public static async Task<IResult> UseAsync(IDistributedLock locks, DbConnection connection, string sku, CancellationToken ct)
    {
        // begin-snippet: lock-use
        await using var handle = await locks.TryAcquireAsync($"stock:{sku}", TimeSpan.FromSeconds(5), ct);
        if (handle is null) return Results.Conflict();      // or AcquireAsync: throws LockNotAcquiredException
        using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, handle.LockLost);  // stop when the lease is lost

        await using var command = connection.CreateCommand();   // a fenced write: refuses holders older than the last writer
        command.CommandText = "UPDATE stock SET quantity = @q, fence_token = @fence_token WHERE sku = @sku AND fence_token <= @fence_token";
        command.AddFencingToken(handle);                         // adds @fence_token = handle.FencingToken
        handle.ThrowIfStale(await command.ExecuteNonQueryAsync(work.Token));  // 0 rows: a newer holder wrote first
        // end-snippet
        return Results.Ok();
    }
}
