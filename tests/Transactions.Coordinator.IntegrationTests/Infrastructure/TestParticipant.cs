using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Protocol.V1;

namespace Transactions.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// A participant on a real Kestrel socket serving the Participant gRPC service (HTTP/2) and the plain
/// HTTP/JSON endpoints. It records every call and applies each branch's effect at most once, like the
/// fence would, so tests can tell calls (may repeat) from effects (must not).
/// </summary>
public sealed class TestParticipant : IAsyncDisposable
{
    private static long _sequence;
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ParticipantCall> _calls = new();
    private readonly ConcurrentDictionary<long, string> _effects = new();
    private readonly ConcurrentDictionary<long, int> _failuresLeft = new();
    private int _effectCount;

    private TestParticipant(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    /// <summary>Participant name (used as resource id).</summary>
    public string Name { get; }

    /// <summary>Base address of the gRPC endpoint (HTTP/2 cleartext).</summary>
    public string GrpcEndpoint { get; private set; } = string.Empty;

    /// <summary>Base address of the HTTP/JSON endpoints.</summary>
    public string HttpEndpoint { get; private set; } = string.Empty;

    /// <summary>Every call received, in order.</summary>
    public IReadOnlyList<ParticipantCall> Calls => _calls.ToArray();

    /// <summary>The effect applied per branch ("confirm" or "cancel"); at most one per branch.</summary>
    public IReadOnlyDictionary<long, string> Effects => _effects;

    /// <summary>Times an effect was applied (equals Effects.Count unless something ran twice).</summary>
    public int EffectCount => Volatile.Read(ref _effectCount);

    /// <summary>Delay before answering each call.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every call fails with RETRY_LATER (a participant that is "broken" until fixed).</summary>
    public bool Broken { get; set; }

    /// <summary>
    /// While <see cref="Broken"/>, a call succeeds anyway when this answers true at the time of the call (e.g. only
    /// once an operator's retry is on record, so that no automatic round can finish the transaction before it).
    /// </summary>
    public Func<Task<bool>>? HealthyWhen { get; set; }

    /// <summary>Makes the next <paramref name="times"/> calls for a branch fail.</summary>
    public void FailNext(long branchId, int times) => _failuresLeft[branchId] = times;

    /// <summary>Starts the participant on two free loopback ports.</summary>
    public static async Task<TestParticipant> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // ignore any appsettings.json copied next to the test assembly
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
        });
        var grpcService = new DelegatingParticipantService();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(grpcService);
        var app = builder.Build();
        var participant = new TestParticipant(name, app);
        grpcService.BranchHandler = participant.HandleGrpcAsync;
        app.MapGrpcService<DelegatingParticipantService>();
        app.MapPost("/tcc/confirm", (HttpContext http) => participant.HandleHttpAsync("confirm", http));
        app.MapPost("/tcc/cancel", (HttpContext http) => participant.HandleHttpAsync("cancel", http));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        participant.GrpcEndpoint = addresses[0];
        participant.HttpEndpoint = addresses[1] + "/tcc";
        return participant;
    }

    /// <summary>Calls of one action for one transaction, in order.</summary>
    public IReadOnlyList<ParticipantCall> CallsFor(long xid, string action) =>
        Calls.Where(c => c.Xid == xid && c.Action == action).ToArray();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<BranchActionResponse> HandleGrpcAsync(string action, BranchActionRequest request, CancellationToken cancellationToken)
    {
        var ok = await HandleAsync(action, request.Xid, request.BranchId, request.ActionName, request.ActionContext, request.Attempt, cancellationToken);
        return new BranchActionResponse
        {
            Result = ok ? BranchActionResult.Succeeded : BranchActionResult.RetryLater,
            Message = ok ? string.Empty : $"{Name} is failing on purpose",
        };
    }

    private async Task HandleHttpAsync(string action, HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var root = body.RootElement;
        var ok = await HandleAsync(
            action,
            long.Parse(root.GetProperty("xid").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(root.GetProperty("branchId").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("actionName").GetString() ?? string.Empty,
            root.TryGetProperty("actionContext", out var ctx) && ctx.ValueKind == JsonValueKind.String ? ctx.GetString()! : string.Empty,
            root.GetProperty("attempt").GetInt32(),
            http.RequestAborted);
        http.Response.StatusCode = ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
    }

    private async Task<bool> HandleAsync(string action, long xid, long branchId, string actionName, string actionContext, int attempt, CancellationToken cancellationToken)
    {
        _calls.Enqueue(new ParticipantCall(Interlocked.Increment(ref _sequence), Name, action, xid, branchId, actionName, actionContext, attempt));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Broken && !(HealthyWhen is { } healthy && await healthy()))
        {
            return false;
        }

        if (_failuresLeft.TryGetValue(branchId, out var left) && left > 0)
        {
            _failuresLeft[branchId] = left - 1;
            return false;
        }

        // The fence's job in a real participant: one effect per branch, never both.
        if (_effects.TryAdd(branchId, action))
        {
            Interlocked.Increment(ref _effectCount);
        }
        else if (_effects[branchId] != action)
        {
            throw new InvalidOperationException($"Branch {branchId} got {action} after {_effects[branchId]}: a decision flipped.");
        }

        return true;
    }
}
