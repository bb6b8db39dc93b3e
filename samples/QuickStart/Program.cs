using Microsoft.EntityFrameworkCore;
using QuickStart.Wallet;
using Transactions.Participants;

// begin-snippet: one-port
var builder = WebApplication.CreateBuilder(args);

// One port, HTTP/1.1: the service's own API and the participant endpoint the coordinator calls for Confirm and
// Cancel (HTTP/JSON: POST {ParticipantEndpoint}/transactions/participant/confirm|cancel). Settings: appsettings.json.
builder.Services.AddDbContext<WalletDbContext>(options =>
    options.UseSqlite(builder.Configuration.GetConnectionString("Wallet")));
builder.Services.AddTransactions(builder.Configuration.GetSection("Transactions"))
    .UseTccFence<WalletDbContext>();          // every Try/Confirm/Cancel commits with its fence row
builder.Services.AddTccParticipant<IWallet, Wallet>();

var app = builder.Build();
await using (var scope = app.Services.CreateAsyncScope())
{
    await WalletDbContext.CreateAsync(scope.ServiceProvider.GetRequiredService<WalletDbContext>());
}

app.UseTransactionPropagation();              // an incoming tx-xid header joins the caller's transaction
app.MapTransactionParticipant();              // Confirm/Cancel from the coordinator, on this same port
// end-snippet

// A global transaction around the Try: commit, and the coordinator confirms; any failure rolls it back.
app.MapPost("/api/payments", async (PaymentRequest request, ITransactionManager transactions, IWallet wallet, CancellationToken ct) =>
{
    try
    {
        // begin-snippet: begin-commit
        await using var transaction = await transactions.BeginAsync("pay", TimeSpan.FromSeconds(30), ct);
        await wallet.ReserveAsync(request.Account, request.Amount, ct);   // Try: a branch of the transaction
        var status = await transaction.CommitAsync(ct);                   // disposing without it rolls back
        // end-snippet
        return Results.Ok(new PaymentResult(transaction.Xid, status.ToString()));
    }
    catch (InsufficientFundsException ex)
    {
        return Results.Conflict(new { error = ex.Message });              // rolled back: nothing was taken
    }
    catch (TransactionOutcomeUnknownException ex)
    {
        return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status504GatewayTimeout);
    }
    catch (TransactionException ex)
    {
        return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});

app.MapGet("/api/accounts/{id}", async (string id, WalletDbContext db, CancellationToken ct) =>
    await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) is { } account
        ? Results.Ok(account)
        : Results.NotFound());

app.Run();
