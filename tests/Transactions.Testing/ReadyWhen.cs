using System.Net;
using System.Net.Sockets;

namespace Transactions.Testing;

/// <summary>When a <see cref="ChildProcess"/> counts as started: checked every <see cref="ChildProcessOptions.PollInterval"/>.</summary>
public sealed class ReadyWhen
{
    /// <summary>One client for every HTTP check (a timeout per request; no connection is kept open to the process).</summary>
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Func<ChildProcess, CancellationToken, Task<bool>> _check;

    private ReadyWhen(string description, Func<ChildProcess, CancellationToken, Task<bool>> check)
    {
        Description = description;
        _check = check;
    }

    /// <summary>What is waited for (in timeout messages).</summary>
    public string Description { get; }

    /// <summary>Ready when <c>GET <paramref name="url"/></c> answers 2xx.</summary>
    /// <param name="url">The health URL.</param>
    /// <param name="requestTimeout">How long one request may take (2 s when null).</param>
    /// <returns>The condition.</returns>
    public static ReadyWhen HttpAnswers(Uri url, TimeSpan? requestTimeout = null) => new($"GET {url} answers 2xx", async (_, cancellationToken) =>
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout ?? TimeSpan.FromSeconds(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await Http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // slow start
        }
    });

    /// <summary>Ready when a TCP connection to 127.0.0.1:<paramref name="port"/> is accepted.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The condition.</returns>
    public static ReadyWhen PortAccepts(int port) => new($"127.0.0.1:{port} accepts TCP connections", async (_, cancellationToken) =>
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    });

    /// <summary>Ready once the current run has printed a line containing <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The condition.</returns>
    public static ReadyWhen OutputContains(string text) => new($"a line with '{text}'", (process, _) =>
        Task.FromResult(process.OutputSinceStart.Contains(text, StringComparison.Ordinal)));

    /// <summary>Ready when <paramref name="condition"/> holds.</summary>
    /// <param name="description">What it checks.</param>
    /// <param name="condition">The check.</param>
    /// <returns>The condition.</returns>
    public static ReadyWhen Condition(string description, Func<CancellationToken, Task<bool>> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new(description, (_, cancellationToken) => condition(cancellationToken));
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    /// <summary>Whether <paramref name="process"/> is ready now.</summary>
    /// <param name="process">The process.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Whether it is.</returns>
    public Task<bool> IsReadyAsync(ChildProcess process, CancellationToken cancellationToken = default) => _check(process, cancellationToken);
}
