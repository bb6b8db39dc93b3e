using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Transactions.Participants;
using Transactions.Testing;

namespace Transactions.Observability.Tests.Infrastructure;

/// <summary>
/// A participant service in this process: <c>POST /reserve</c> (HTTP/1.1, joins the caller's transaction through
/// <c>tx-xid</c>) runs the TCC Try; the coordinator calls Confirm/Cancel over gRPC (HTTP/2 port) or HTTP/JSON.
/// </summary>
public sealed class ParticipantApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParticipantApp(WebApplication app, Uri httpAddress, ReservationLog log)
    {
        _app = app;
        HttpAddress = httpAddress;
        Log = log;
    }

    public Uri HttpAddress { get; }

    public ReservationLog Log { get; }

    public static async Task<ParticipantApp> StartAsync(string applicationId, string coordinatorAddress, ParticipantProtocol protocol)
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Not the output folder: the coordinator's appsettings.json (fixed ports) is copied there.
            ContentRootPath = Directory.CreateTempSubdirectory("tx-participant-").FullName,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenLocalhost(httpPort, o => o.Protocols = HttpProtocols.Http1);
            k.ListenLocalhost(grpcPort, o => o.Protocols = HttpProtocols.Http2);
        });
        var log = new ReservationLog();
        builder.Services.AddSingleton(log);
        builder.Services.AddTransactions(options =>
        {
            options.CoordinatorAddress = coordinatorAddress;
            options.ApplicationId = applicationId;
            options.ParticipantProtocol = protocol;
            options.ParticipantEndpoint = protocol == ParticipantProtocol.Grpc ? $"http://127.0.0.1:{grpcPort}" : $"http://127.0.0.1:{httpPort}";
        });
        builder.Services.AddTccParticipant<IReservation, Reservation>();

        var app = builder.Build();
        app.UseTransactionPropagation();
        app.MapTransactionParticipant();
        app.MapPost("/reserve", async (IReservation reservation, CancellationToken cancellationToken) =>
        {
            await reservation.ReserveAsync(applicationId, cancellationToken);
            return Results.Ok();
        });
        await app.StartAsync();
        return new ParticipantApp(app, new Uri($"http://127.0.0.1:{httpPort}"), log);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
