using System.Collections.Concurrent;
using System.Globalization;
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
/// A saga participant on real Kestrel sockets (gRPC Execute/Compensate over HTTP/2, and HTTP/JSON
/// <c>/saga/execute</c>, <c>/saga/compensate</c>). It records every call and applies effects like the fence
/// does: an action takes effect at most once per step, a compensation at most once, a compensation without
/// its action is empty and refuses the late action. Failures are scripted per step name.
/// </summary>
public sealed class SagaTestParticipant : IAsyncDisposable
{
    private static long _sequence;
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SagaCall> _calls = new();
    private readonly ConcurrentDictionary<long, string> _state = new();
    private readonly ConcurrentDictionary<string, int> _compensationFailuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _failingActions = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _actionEffects;
    private int _compensationEffects;

    private SagaTestParticipant(WebApplication app) => _app = app;

    /// <summary>gRPC base address.</summary>
    public string GrpcEndpoint { get; private set; } = string.Empty;

    /// <summary>HTTP/JSON base address (…/saga).</summary>
    public string HttpEndpoint { get; private set; } = string.Empty;

    /// <summary>Delay before answering each call.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every compensation answers RETRY_LATER.</summary>
    public bool CompensationsBroken { get; set; }

    /// <summary>Every call, in arrival order.</summary>
    public IReadOnlyList<SagaCall> Calls => _calls.ToArray();

    /// <summary>Action effects applied (one per step at most).</summary>
    public int ActionEffects => Volatile.Read(ref _actionEffects);

    /// <summary>Compensation effects applied (one per step at most).</summary>
    public int CompensationEffects => Volatile.Read(ref _compensationEffects);

    /// <summary>"executed", "compensated" (after executed) or "suspended" (empty compensation) per step branch id.</summary>
    public IReadOnlyDictionary<long, string> State => _state;

    /// <summary>The action of step <paramref name="stepName"/> answers FAILED (a business failure).</summary>
    public void FailAction(string stepName) => _failingActions[stepName] = 0;

    /// <summary>The action of step <paramref name="stepName"/> answers normally again.</summary>
    public void StopFailingAction(string stepName) => _failingActions.TryRemove(stepName, out _);

    /// <summary>The next <paramref name="times"/> compensations of <paramref name="stepName"/> answer RETRY_LATER.</summary>
    public void FailCompensation(string stepName, int times) => _compensationFailuresLeft[stepName] = times;

    /// <summary>Calls of one saga, in order.</summary>
    public IReadOnlyList<SagaCall> CallsFor(long xid) => Calls.Where(c => c.Xid == xid).OrderBy(c => c.Sequence).ToArray();

    /// <summary>Starts on two free loopback ports.</summary>
    public static async Task<SagaTestParticipant> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
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
        var participant = new SagaTestParticipant(app);
        grpcService.StepHandler = participant.HandleAsync;
        app.MapGrpcService<DelegatingParticipantService>();
        app.MapPost("/saga/execute", (HttpContext http) => participant.HandleHttpAsync("execute", http));
        app.MapPost("/saga/compensate", (HttpContext http) => participant.HandleHttpAsync("compensate", http));
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToArray();
        participant.GrpcEndpoint = addresses[0];
        participant.HttpEndpoint = addresses[1] + "/saga";
        return participant;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleHttpAsync(string kind, HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var root = body.RootElement;
        var request = new SagaStepRequest
        {
            Xid = long.Parse(root.GetProperty("xid").GetString()!, CultureInfo.InvariantCulture),
            BranchId = long.Parse(root.GetProperty("branchId").GetString()!, CultureInfo.InvariantCulture),
            StepName = root.GetProperty("stepName").GetString() ?? string.Empty,
            ActionName = root.GetProperty("actionName").GetString() ?? string.Empty,
            Input = root.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String ? input.GetString()! : string.Empty,
            Attempt = root.GetProperty("attempt").GetInt32(),
        };
        foreach (var output in root.GetProperty("outputs").EnumerateObject())
        {
            request.Outputs[output.Name] = output.Value.GetString()!;
        }

        var response = await HandleAsync(kind, request, http.RequestAborted);
        http.Response.StatusCode = response.Result switch
        {
            SagaStepResult.Succeeded => StatusCodes.Status200OK,
            SagaStepResult.Failed => StatusCodes.Status422UnprocessableEntity,
            _ => StatusCodes.Status503ServiceUnavailable,
        };
        if (response.Result == SagaStepResult.Succeeded)
        {
            await http.Response.WriteAsJsonAsync(new { output = response.Output }, http.RequestAborted);
        }
    }

    private async Task<SagaStepResponse> HandleAsync(string kind, SagaStepRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(new SagaCall(Interlocked.Increment(ref _sequence), kind, request.Xid, request.BranchId, request.StepName, request.ActionName, new Dictionary<string, string>(request.Outputs), request.Attempt));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        lock (_gate)
        {
            var current = _state.GetValueOrDefault(request.BranchId);
            if (kind == "execute")
            {
                if (current is "suspended" or "compensated")
                {
                    return new SagaStepResponse { Result = SagaStepResult.Failed, Message = "compensated before the action arrived" };
                }

                if (_failingActions.ContainsKey(request.StepName))
                {
                    return new SagaStepResponse { Result = SagaStepResult.Failed, Message = $"{request.StepName} refused on purpose" };
                }

                if (current is null)
                {
                    _state[request.BranchId] = "executed";
                    Interlocked.Increment(ref _actionEffects);
                }

                return new SagaStepResponse { Result = SagaStepResult.Succeeded, Output = $"{request.StepName}-out" };
            }

            if (CompensationsBroken)
            {
                return new SagaStepResponse { Result = SagaStepResult.RetryLater, Message = "compensations are broken on purpose" };
            }

            if (_compensationFailuresLeft.TryGetValue(request.StepName, out var left) && left > 0)
            {
                _compensationFailuresLeft[request.StepName] = left - 1;
                return new SagaStepResponse { Result = SagaStepResult.RetryLater, Message = $"{request.StepName} compensation failing on purpose" };
            }

            if (current == "executed")
            {
                _state[request.BranchId] = "compensated";
                Interlocked.Increment(ref _compensationEffects);
            }
            else if (current is null)
            {
                _state[request.BranchId] = "suspended";
            }

            return new SagaStepResponse { Result = SagaStepResult.Succeeded };
        }
    }
}
