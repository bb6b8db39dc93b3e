using Grpc.Net.Client;

namespace Transactions.Testing;

/// <summary>
/// One of the repository's gRPC hosts (the coordinator, the reliable-message service) as a <see cref="ChildProcess"/>:
/// its built assembly in the Production environment with the caller's settings, gRPC (HTTP/2) and HTTP/1.1 (health,
/// admin) on two free loopback ports, ready when <c>/health</c> answers. <see cref="Kill"/> is SIGKILL;
/// <see cref="StartAgainAsync"/> starts it again on the same ports with the same settings.
/// </summary>
public abstract class HostProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private GrpcChannel? _channel;

    /// <summary>Channels of earlier runs of the process: clients made before a restart keep theirs (disposed at the end).</summary>
    private readonly List<GrpcChannel> _retired = [];

    /// <summary>Describes the host (<see cref="StartedAsync{T}"/> starts it).</summary>
    /// <param name="name">A short name for messages, e.g. <c>coordinator</c>.</param>
    /// <param name="assemblyPath">The built host (<see cref="BuiltAssembly.Locate"/>).</param>
    /// <param name="settings">Its settings as environment variables.</param>
    /// <param name="overrides">Settings of the caller, which replace those of <paramref name="settings"/> with the same name.</param>
    protected HostProcess(string name, string assemblyPath, IReadOnlyDictionary<string, string> settings, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        ArgumentNullException.ThrowIfNull(settings);
        GrpcPort = FreePort.Next();
        HttpPort = FreePort.Next();
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kestrel__Endpoints__Grpc__Url"] = GrpcAddress,
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__Http__Url"] = HttpAddress,
            ["Kestrel__Endpoints__Http__Protocols"] = "Http1",
        };
        foreach (var (key, value) in settings.Concat(overrides ?? []))
        {
            all[key] = value;
        }

        _process = new ChildProcess(ChildProcessOptions.ForHost(name, assemblyPath, all, new Uri($"{HttpAddress}/health")));
    }

    /// <summary>Port of the gRPC API (HTTP/2).</summary>
    public int GrpcPort { get; }

    /// <summary>Port of health, admin and HTTP APIs (HTTP/1.1).</summary>
    public int HttpPort { get; }

    /// <summary>gRPC base address.</summary>
    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>HTTP base address.</summary>
    public string HttpAddress => $"http://127.0.0.1:{HttpPort}";

    /// <summary>Process id of the running host, or 0.</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>Everything the process printed so far (every run).</summary>
    public string Output => _process.Output;

    /// <summary>The shared channel to the host (renewed by a restart; for raw calls and clients).</summary>
    public GrpcChannel Channel
    {
        get
        {
            if (Volatile.Read(ref _channel) is { } channel)
            {
                return channel;
            }

            var fresh = GrpcChannel.ForAddress(GrpcAddress);
            if (Interlocked.CompareExchange(ref _channel, fresh, null) is { } other)
            {
                fresh.Dispose();
                return other;
            }

            return fresh;
        }
    }

    /// <summary>Starts the process (again, after a kill) with the same ports and settings.</summary>
    /// <returns>A task.</returns>
    /// <exception cref="InvalidOperationException">It exited during start-up (the message has its output).</exception>
    /// <exception cref="TimeoutException">It was not healthy within 2 minutes (the message has its output).</exception>
    public async Task StartAgainAsync()
    {
        await _process.StartAsync();

        // Clients made from now on get a fresh channel: the old one saw the process die and may still be in its
        // reconnect backoff, failing calls at once with Unavailable ("Error connecting to subchannel") although the
        // new process is already serving.
        if (Interlocked.Exchange(ref _channel, null) is { } old)
        {
            lock (_retired)
            {
                _retired.Add(old);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Working set of the running process in bytes (0 when not running).</summary>
    /// <returns>The bytes.</returns>
    public long WorkingSet() => _process.WorkingSet();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _channel?.Dispose();
        lock (_retired)
        {
            _retired.ForEach(c => c.Dispose());
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts <paramref name="host"/>; disposes it when it does not start.</summary>
    /// <typeparam name="T">The host type.</typeparam>
    /// <param name="host">A host not started yet.</param>
    /// <returns>The running host.</returns>
    protected static async Task<T> StartedAsync<T>(T host)
        where T : HostProcess
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.StartAgainAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
