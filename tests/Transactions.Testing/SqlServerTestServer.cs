using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Testcontainers.MsSql;

namespace Transactions.Testing;

/// <summary>
/// The SQL Server the storage suites run against, decided once per test process:
/// <list type="number">
/// <item>the server named by <c>TX_TEST_SQLSERVER</c> (a connection string with rights to create databases), if set;</item>
/// <item>else, when a Docker engine answers, ONE SQL Server container (Testcontainers.MsSql, image <see cref="Image"/>),
/// started on first use and shared by every test of the process, removed when the process exits (and by
/// Testcontainers' resource reaper if the process dies);</item>
/// <item>else none: <see cref="SkipReason"/> says why, and the SQL Server variants are skipped with it.</item>
/// </list>
/// Each suite creates its own uniquely named database on that server and drops it afterwards.
/// </summary>
/// <remarks>
/// The Docker check is our own and quick (at most <see cref="DockerProbeTimeout"/>, once per process): <c>DOCKER_HOST</c>
/// (<c>unix://</c> or <c>tcp://</c>) or else <c>unix:///var/run/docker.sock</c>, connected to and asked <c>GET /_ping</c>,
/// which an engine answers <c>OK</c>. Nothing of Testcontainers runs before that check says yes: its own endpoint
/// discovery can wait a long time where no engine runs, and these machines have the docker CLI but no daemon.
/// </remarks>
public static class SqlServerTestServer
{
    /// <summary>The SQL Server image started when no server is given (Testcontainers.MsSql's former default).</summary>
    public const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    /// <summary>The variable naming the Docker engine (as the docker CLI and Testcontainers read it).</summary>
    public const string DockerHostVariable = "DOCKER_HOST";

    /// <summary>The engine's socket when <see cref="DockerHostVariable"/> is not set.</summary>
    public const string DefaultDockerSocket = "/var/run/docker.sock";

    /// <summary>The most the Docker check may take (connect and <c>/_ping</c> together).</summary>
    public static readonly TimeSpan DockerProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Pulling the image on a cold machine is slow; a start that takes longer than this fails every test once.</summary>
    private static readonly TimeSpan ContainerStartTimeout = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan ContainerStopTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<string?> s_skipReason = new(DecideSkipReason, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lock s_gate = new();

    private static Task<string>? s_containerStart;

    /// <summary>
    /// Why no SQL Server is available to this process (so the SQL Server tests are skipped with it), or null when
    /// <c>TX_TEST_SQLSERVER</c> is set or a Docker engine answered. Decided once, within <see cref="DockerProbeTimeout"/>.
    /// </summary>
    public static string? SkipReason => s_skipReason.Value;

    /// <summary>
    /// The connection string of the server (to its <c>master</c> database when it is the container): the one of
    /// <c>TX_TEST_SQLSERVER</c>, or the container's, starting it on the first call (later calls share that start).
    /// </summary>
    /// <exception cref="InvalidOperationException">No SQL Server here (the message is <see cref="SkipReason"/>).</exception>
    public static async Task<string> GetConnectionStringAsync(CancellationToken cancellationToken = default)
    {
        if (TestEnvironment.SqlServerConnectionString is { } configured)
        {
            return configured;
        }

        if (SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        Task<string> start;
        lock (s_gate)
        {
            // Not tied to the first caller's token: every test of the process waits for the same start.
            start = s_containerStart ??= Task.Run(() => StartContainerAsync(), CancellationToken.None);
        }

        return await start.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the Docker engine named by <paramref name="dockerHost"/> (a <c>DOCKER_HOST</c> value; null or empty: the
    /// socket <see cref="DefaultDockerSocket"/>) for <c>GET /_ping</c>. Never waits longer than <paramref name="timeout"/>.
    /// </summary>
    /// <returns>Whether an engine answered, and what was checked and found (for skip reasons).</returns>
    public static async Task<(bool Reachable, string Detail)> ProbeDockerAsync(string? dockerHost, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var host = string.IsNullOrWhiteSpace(dockerHost) ? null : dockerHost.Trim();
        var where = host is null ? $"{DockerHostVariable} not set; unix://{DefaultDockerSocket}" : $"{DockerHostVariable}={host}";
        try
        {
            EndPoint endpoint;
            var tls = false;
            if (host is null || host.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
            {
                var path = host is null ? DefaultDockerSocket : host["unix://".Length..];
                if (!File.Exists(path))
                {
                    return (false, $"{where}: no such socket");
                }

                endpoint = new UnixDomainSocketEndPoint(path);
            }
            else if (host.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(host, UriKind.Absolute, out var uri)
                && uri.Host.Length > 0)
            {
                tls = Environment.GetEnvironmentVariable("DOCKER_TLS_VERIFY") is { Length: > 0 } verify && verify != "0";
                endpoint = new DnsEndPoint(uri.Host, uri.Port > 0 ? uri.Port : tls ? 2376 : 2375);
            }
            else
            {
                return (false, $"{where}: only unix:// and tcp:// engines are checked here");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);

            // WaitAsync as well as the token: the check must return in time even if a socket call ignored the token.
            return await PingAsync(endpoint, where, tls, deadline.Token).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when ((ex is OperationCanceledException or TimeoutException) && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"{where}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            return (false, $"{where}: {ex.SocketErrorCode} ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or ArgumentException)
        {
            return (false, $"{where}: {ex.Message}");
        }
    }

    private static string? DecideSkipReason()
    {
        if (TestEnvironment.SqlServerConnectionString is not null)
        {
            return null;
        }

        // Discovery is synchronous: run the check on the thread pool and wait (bounded by the probe's own time-out).
        var docker = Task.Run(() => ProbeDockerAsync(Environment.GetEnvironmentVariable(DockerHostVariable), DockerProbeTimeout, CancellationToken.None))
            .GetAwaiter()
            .GetResult();
        return docker.Reachable
            ? null
            : $"no SQL Server: {TestEnvironment.SqlServerVariable} is not set and no Docker engine is reachable "
                + $"(checked {DockerHostVariable} / unix://{DefaultDockerSocket}): {docker.Detail}";
    }

    private static async Task<(bool Reachable, string Detail)> PingAsync(EndPoint endpoint, string where, bool tls, CancellationToken cancellationToken)
    {
        using var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        if (tls)
        {
            // The TLS handshake needs the client certificates Testcontainers reads; an accepted connection is enough here.
            return (true, $"{where}: TCP connection accepted (TLS, /_ping not sent)");
        }

        var request = Encoding.ASCII.GetBytes("GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[4096];
        var length = 0;
        string response;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            length += read;
            response = Encoding.ASCII.GetString(buffer, 0, length);
            var headerEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var complete = headerEnd >= 0 && response.AsSpan(headerEnd + 4).Contains("OK", StringComparison.Ordinal);
            if (read == 0 || complete || length == buffer.Length)
            {
                break;
            }
        }

        var statusLine = response.Split("\r\n", 2)[0];
        var bodyStart = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var ok = statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal)
            && statusLine.Contains(" 200", StringComparison.Ordinal)
            && bodyStart >= 0
            && response.AsSpan(bodyStart + 4).Contains("OK", StringComparison.Ordinal);
        return ok
            ? (true, $"{where}: GET /_ping answered OK")
            : (false, $"{where}: GET /_ping answered '{(statusLine.Length > 0 ? statusLine : "nothing")}', not 200 OK");
    }

    // Kept out of the other methods (and not inlined) so that Testcontainers is loaded only once the check said yes.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<string> StartContainerAsync()
    {
        var container = new MsSqlBuilder(Image).Build();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                container.DisposeAsync().AsTask().Wait(ContainerStopTimeout);
            }
            catch (AggregateException)
            {
                // The process is ending: Testcontainers' resource reaper removes what is left.
            }
        };
        using var timeout = new CancellationTokenSource(ContainerStartTimeout);
        await container.StartAsync(timeout.Token).ConfigureAwait(false);
        return container.GetConnectionString();
    }
}
