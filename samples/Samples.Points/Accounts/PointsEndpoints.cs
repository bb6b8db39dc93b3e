using Microsoft.EntityFrameworkCore;
using Samples.Contracts.Points;
using Samples.Hosting.Database;
using Samples.Hosting.Faults;
using Samples.Hosting.Hosting;
using Transactions.Participants;
using Transactions.Participants.Fence;

namespace Samples.Points.Accounts;

/// <summary>The points service's HTTP API.</summary>
public static class PointsEndpoints
{
    private const int MaxUserIdLength = 64;

    /// <summary>Maps <c>/api/points/...</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapPointsEndpoints(this WebApplication app)
    {
        var api = app.MapGroup("/api/points");
        api.MapPut("/accounts/{userId}", CreateAccountAsync);
        api.MapGet("/accounts/{userId}", GetAccountAsync);
        api.MapGet("/accounts", async (PointsDbContext db, CancellationToken cancellationToken) =>
            Results.Ok(await db.Accounts.AsNoTracking().OrderBy(a => a.UserId).Select(a => new PointsAccountView(a.UserId, a.Pending, a.Available)).ToListAsync(cancellationToken)));
        api.MapPost("/pending", AddPendingAsync);
        return app;
    }

    /// <summary>Creates the account when missing (idempotent); answers the account.</summary>
    private static async Task<IResult> CreateAccountAsync(string userId, PointsDbContext db, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation().Text(nameof(userId), userId, MaxUserIdLength);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        await db.AddIfMissingAsync<PointsAccount>(a => a.UserId == userId, () => new PointsAccount { UserId = userId }, cancellationToken);
        return await GetAccountAsync(userId, db, cancellationToken);
    }

    private static async Task<IResult> GetAccountAsync(string userId, PointsDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.UserId == userId)
            .Select(a => new PointsAccountView(a.UserId, a.Pending, a.Available))
            .FirstOrDefaultAsync(cancellationToken);
        return account is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"User '{userId}' has no points account.")
            : Results.Ok(account);
    }

    /// <summary>The Try of the points branch (the caller's <c>tx-xid</c> header makes it part of its transaction).</summary>
    private static async Task<IResult> AddPendingAsync(AddPointsRequest request, IPointsLedger ledger, CancellationToken cancellationToken)
    {
        var validation = new RequestValidation()
            .Text(nameof(request.UserId), request.UserId, MaxUserIdLength)
            .Range(nameof(request.Points), request.Points, 1, 1_000_000);
        if (!validation.IsValid)
        {
            return validation.Problem();
        }

        try
        {
            await ledger.AddPendingAsync(request.UserId!, request.Points, cancellationToken);
            return Results.Ok();
        }
        catch (Exception ex) when (ex is UnknownAccountException or InjectedFaultException or TransactionException or TccFenceException)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Points were not added.", detail: ex.Message);
        }
    }
}
