using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transactions.Common.Webhooks;

namespace Transactions.Testing.Webhooks;

/// <summary>
/// A webhook receiver on a real Kestrel socket (HTTP/1.1, loopback): records every POST (path, headers and the exact
/// body bytes) and answers the next status of its script (the last one repeats); a status of 0 means "never answer"
/// (the call hangs until the caller gives up). Used for operator alerts and best-effort notifications.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _calls = new();
    private readonly int[] _script;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _next;

    private WebhookReceiver(int[] script) => _script = script;

    /// <summary>The receiver's address (any path under it is accepted), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every POST received, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Calls => [.. _calls];

    /// <summary>Starts it on a free loopback port answering <paramref name="script"/> in turn (none: always 200).</summary>
    /// <param name="script">The statuses to answer, in turn; the last repeats; 0 never answers.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<WebhookReceiver> StartAsync(params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new WebhookReceiver(script);
        var app = builder.Build();
        receiver._app = app;
        app.MapPost("/{**rest}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>The address of <paramref name="path"/> on this receiver.</summary>
    /// <param name="path">A path starting with '/'.</param>
    /// <returns>The URL.</returns>
    public string UrlOf(string path) => BaseUrl + path;

    /// <summary>Whether <paramref name="call"/> carries a valid, fresh signature of its body with <paramref name="secret"/>.</summary>
    /// <param name="call">A call received.</param>
    /// <param name="secret">The shared secret.</param>
    /// <returns>True when authentic and fresh.</returns>
    public static bool SignedWith(ReceivedWebhook call, string secret)
    {
        ArgumentNullException.ThrowIfNull(call);
        return WebhookSignature.Verify(secret, call.Header(WebhookSignature.TimestampHeader), call.Header(WebhookSignature.SignatureHeader), call.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _calls.Enqueue(new ReceivedWebhook(context.Request.Path, headers, context.Request.ContentType, buffer.ToArray(), DateTimeOffset.UtcNow));
        var index = Interlocked.Increment(ref _next) - 1;
        var status = _script.Length == 0 ? 200 : _script[Math.Min(index, _script.Length - 1)];
        if (status == 0)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = status;
    }
}
