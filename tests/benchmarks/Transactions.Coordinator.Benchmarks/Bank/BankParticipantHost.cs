using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Participants;

namespace Transactions.Coordinator.Benchmarks.Bank;

/// <summary>
/// The bank participant service, run in its own process (<c>Transactions.Coordinator.Benchmarks.dll bank-participant
/// ...</c>) so its CPU is measured apart: the SDK with its EF Core fence on PostgreSQL, a business API on HTTP/1.1
/// (<c>/api/withdraw</c>, <c>/api/deposit</c>: the TCC Try methods, joined to the caller's global transaction by
/// the XID header) and the gRPC participant endpoint on HTTP/2 (Confirm/Cancel from the coordinator). The
/// baseline routes (<c>/baseline/...</c>) run the same SQL, each call in one local transaction, with no
/// coordinator and no fence.
/// </summary>
public static class BankParticipantHost
{
    /// <summary>Accounts seeded: transfers spread over them so that concurrent ones rarely wait on a row lock.</summary>
    public const int Accounts = 10_000;

    /// <summary>Runs until killed. Arguments: connection string, coordinator address, HTTP port, gRPC port.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (connectionString, coordinator) = (args[0], args[1]);
        var (httpPort, grpcPort) = (int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddDbContext<BankDbContext>(options => options.UseNpgsql(connectionString));
        builder.Services.AddTransactions(options =>
            {
                options.CoordinatorAddress = coordinator;
                options.ApplicationId = "bank";
                options.ParticipantEndpoint = $"http://127.0.0.1:{grpcPort}";
                options.ParticipantProtocol = ParticipantProtocol.Grpc;
            })
            .UseTccFence<BankDbContext>();
        builder.Services.AddTccParticipant<ITransferService, TransferService>();

        var app = builder.Build();
        app.UseTransactionPropagation();
        app.MapTransactionParticipant();
        app.MapGet("/health", () => Results.Ok());
        app.MapPost("/api/withdraw", (TransferLeg leg, ITransferService service, CancellationToken ct) => Answer(() => service.WithdrawAsync(leg.TransferId, leg.Account, leg.Amount, ct)));
        app.MapPost("/api/deposit", (TransferLeg leg, ITransferService service, CancellationToken ct) => Answer(() => service.DepositAsync(leg.TransferId, leg.Account, leg.Amount, ct)));
        app.MapPost("/baseline/withdraw", (TransferLeg leg, BankDbContext db, CancellationToken ct) => Local(db, () => new TransferService(db).WithdrawAsync(leg.TransferId, leg.Account, leg.Amount, ct), ct));
        app.MapPost("/baseline/deposit", (TransferLeg leg, BankDbContext db, CancellationToken ct) => Local(db, () => new TransferService(db).DepositAsync(leg.TransferId, leg.Account, leg.Amount, ct), ct));
        app.MapPost("/baseline/withdraw/confirm", (TransferLeg leg, BankDbContext db, CancellationToken ct) => Local(db, () => new TransferService(db).SettleWithdrawalAsync(leg, confirmed: true, ct), ct));
        app.MapPost("/baseline/deposit/confirm", (TransferLeg leg, BankDbContext db, CancellationToken ct) => Local(db, () => new TransferService(db).SettleDepositAsync(leg, confirmed: true, ct), ct));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BankDbContext>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlAsync($"INSERT INTO accounts (\"Id\", \"Balance\", \"Frozen\", \"Incoming\") SELECT g, 1000000000, 0, 0 FROM generate_series(1, {Accounts}) g");
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task<IResult> Answer(Func<Task> action)
    {
        try
        {
            await action();
            return Results.Ok();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Results.Conflict(new { error = ex.GetType().Name + ": " + ex.Message });
        }
    }

    private static Task<IResult> Local(BankDbContext db, Func<Task> action, CancellationToken cancellationToken) => Answer(async () =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await action();
        await transaction.CommitAsync(cancellationToken);
    });
}
