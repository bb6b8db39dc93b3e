using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Samples.Contracts.Stock;
using Samples.Hosting.Database;
using Samples.Hosting.Faults;
using Samples.Hosting.Hosting;
using Transactions.Locking;
using Transactions.Participants;
using Transactions.Participants.Fence;

namespace Samples.Stock.Products;

/// <summary>The stock service's HTTP API.</summary>
public static class StockEndpoints
{
    private const int MaxSkuLength = 64;

    /// <summary>Maps <c>/api/stock/...</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapStockEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/stock");
        api.MapPut("/products/{sku}", CreateProductAsync);
        api.MapGet("/products/{sku}", GetProductAsync);
        api.MapGet("/products", async (StockDbContext db, CancellationToken cancellationToken) =>
            Results.Ok(await db.Products.AsNoTracking().OrderBy(p => p.Sku).Select(p => new ProductView(p.Sku, p.Available, p.Frozen, p.Sold)).ToListAsync(cancellationToken)));
        api.MapPost("/freeze", FreezeAsync);
        return app;
    }

    /// <summary>Creates the product with its initial units when missing (idempotent); answers the product.</summary>
    private static async Task<IResult> CreateProductAsync(string sku, StockProductRequest request, StockDbContext db, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation()
            .Text(nameof(sku), sku, MaxSkuLength)
            .Range(nameof(request.Available), request.Available, 0, 1_000_000);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        await db.AddIfMissingAsync<Product>(p => p.Sku == sku, () => new Product { Sku = sku, Available = request.Available }, cancellationToken);
        return await GetProductAsync(sku, db, cancellationToken);
    }

    private static async Task<IResult> GetProductAsync(string sku, StockDbContext db, CancellationToken cancellationToken)
    {
        var product = await db.Products.AsNoTracking()
            .Where(p => p.Sku == sku)
            .Select(p => new ProductView(p.Sku, p.Available, p.Frozen, p.Sold))
            .FirstOrDefaultAsync(cancellationToken);
        return product is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown product '{sku}'.")
            : Results.Ok(product);
    }

    /// <summary>
    /// The Try of the stock branch (the caller's <c>tx-xid</c> header makes it part of its transaction), under the
    /// product's distributed lock, held only for the freeze (the fence's local transaction commits inside it).
    /// </summary>
    private static async Task<IResult> FreezeAsync(
        FreezeStockRequest request,
        IStockLedger ledger,
        IDistributedLock locks,
        IOptions<StockOptions> options,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidation()
            .Text(nameof(request.Sku), request.Sku, MaxSkuLength)
            .Range(nameof(request.Quantity), request.Quantity, 1, 1_000_000);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        try
        {
            var handle = await locks.AcquireAsync($"stock:{request.Sku}", options.Value.LockWait, cancellationToken);
            await using (handle)
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handle.LockLost);
                await ledger.FreezeAsync(request.Sku!, request.Quantity, handle.FencingToken, both.Token);
            }

            return Results.Ok();
        }
        catch (Exception ex) when (ex is StockException or LockNotAcquiredException or InjectedFaultException or TransactionException or TccFenceException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Stock was not frozen.", detail: ex.Message);
        }
    }
}
