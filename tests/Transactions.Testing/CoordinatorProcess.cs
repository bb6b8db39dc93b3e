using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Transactions.Protocol.V1;

namespace Transactions.Testing;

/// <summary>
/// A real coordinator process (the built Transactions.Coordinator.dll) on its own ports, configured
/// through environment variables, with its output kept for diagnostics. Kill() is SIGKILL.
/// </summary>
public sealed class CoordinatorProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _settings;
    private Process? _process;
    private GrpcChannel? _channel;

    /// <summary>Channels of earlier runs of the process: clients made before a restart keep theirs (disposed at the end).</summary>
    private readonly List<GrpcChannel> _retired = [];

    private CoordinatorProcess(Dictionary<string, string> settings, int grpcPort, int httpPort)
    {
        _settings = settings;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    /// <summary>Port of the TC protocol (HTTP/2).</summary>
    public int GrpcPort { get; }

    /// <summary>Port of health and admin (HTTP/1.1).</summary>
    public int HttpPort { get; }

    /// <summary>Process id of the running coordinator, or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>gRPC base address.</summary>
    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>TM client over one shared channel.</summary>
    public TransactionManager.TransactionManagerClient Tm => new(Channel);

    /// <summary>RM client over one shared channel.</summary>
    public ResourceManager.ResourceManagerClient Rm => new(Channel);

    private GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(GrpcAddress);

    /// <summary>Starts a coordinator on SQLite (a temp file) or PostgreSQL, with extra settings.</summary>
    public static async Task<CoordinatorProcess> StartAsync(string provider, string connectionString, IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = provider,
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__AutoMigrate"] = "true",
            ["Serilog__MinimumLevel__Default"] = "Information",

            // Tests run the Production environment without keys unless they configure some (secure by default otherwise).
            ["Security__AllowAnonymous"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var process = new CoordinatorProcess(all, FreePort.Next(), FreePort.Next());
        await process.StartAgainAsync();
        return process;
    }

    /// <summary>Starts the process (again, after a kill) with the same ports and settings.</summary>
    public async Task StartAgainAsync()
    {
        var dll = LocateCoordinator();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["Kestrel__Endpoints__Grpc__Url"] = GrpcAddress;
        info.Environment["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        info.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{HttpPort}";
        info.Environment["Kestrel__Endpoints__Http__Protocols"] = "Http1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the coordinator process.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(TimeSpan.FromSeconds(120));

        // Clients made from now on get a fresh channel: the old one saw the process die and may still be in its
        // reconnect backoff, failing calls at once with Unavailable ("Error connecting to subchannel") although the
        // new process is already serving.
        if (Interlocked.Exchange(ref _channel, null) is { } old)
        {
            _retired.Add(old);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        _channel?.Dispose();
        _retired.ForEach(c => c.Dispose());
        await Task.CompletedTask;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_process!.HasExited)
            {
                // The parameterless wait returns once the redirected output has been read to its end: without it the
                // message could miss the process's last lines (the reason it exited).
                _process.WaitForExit();
                throw new InvalidOperationException($"The coordinator exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The coordinator was not healthy within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string LocateCoordinator()
    {
        // Same configuration (Debug/Release) as this test assembly.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepoRoot, "coordinator", "src", "Transactions.Coordinator", "bin", configuration, "net10.0", "Transactions.Coordinator.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the coordinator first (dotnet build Transactions.sln).", path);
    }
}
