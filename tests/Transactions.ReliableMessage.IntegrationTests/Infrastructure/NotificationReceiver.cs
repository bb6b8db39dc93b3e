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

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// A merchant's HTTP callback on a real Kestrel socket (HTTP/1.1, loopback): records every POST (headers and the exact
/// body bytes) and answers the next status of its script (the last one repeats); a status of 0 means "never answer"
/// (the call hangs until the caller gives up).
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedNotification> _calls = new();
    private readonly int[] _script;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _next;

    private NotificationReceiver(int[] script) => _script = script;

    /// <summary>The callback URL.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>Every POST received, in order.</summary>
    public IReadOnlyList<ReceivedNotification> Calls => [.. _calls];

    /// <summary>Starts it on a free loopback port answering <paramref name="script"/> in turn.</summary>
    public static async Task<NotificationReceiver> StartAsync(params int[] script)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var receiver = new NotificationReceiver(script);
        var app = builder.Build();
        receiver._app = app;
        app.MapPost("/callback/{**rest}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/callback/orders";
        return receiver;
    }

    /// <summary>Whether <paramref name="call"/> carries a valid, fresh signature of its body with <paramref name="secret"/>.</summary>
    public static bool SignedWith(ReceivedNotification call, string secret) =>
        WebhookSignature.Verify(secret, call.Timestamp, call.Signature, call.Body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance);

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
        var headers = context.Request.Headers;
        _calls.Enqueue(new ReceivedNotification(
            headers[WebhookSignature.TimestampHeader].ToString(),
            headers[WebhookSignature.SignatureHeader].ToString(),
            headers["X-Transactions-Notification-Id"].ToString(),
            headers["X-Transactions-Notification-Attempt"].ToString(),
            context.Request.ContentType,
            buffer.ToArray(),
            DateTimeOffset.UtcNow));
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

/// <summary>One POST a <see cref="NotificationReceiver"/> got.</summary>
public sealed record ReceivedNotification(
    string Timestamp, string Signature, string NotificationId, string Attempt, string? ContentType, byte[] Body, DateTimeOffset At);
