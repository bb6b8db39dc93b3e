using System.Diagnostics;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Transactions.Admin.Security;
using Transactions.ReliableMessage.Protocol.V1;
using Transactions.Testing;

namespace Transactions.ReliableMessage.IntegrationTests.Infrastructure;

/// <summary>
/// A real reliable-message service process (the built Transactions.ReliableMessage.Service.dll) on its own ports,
/// configured through environment variables, with its output kept for diagnostics. <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>The admin key with the operator role (name <see cref="OperatorName"/>) every test service accepts.</summary>
    public const string OperatorKey = "test-operator-key-0123456789";

    /// <summary>The name of <see cref="OperatorKey"/>: the actor in the audit log.</summary>
    public const string OperatorName = "test-operator";

    /// <summary>The admin key with the read-only role (name <c>test-viewer</c>) every test service accepts.</summary>
    public const string ViewerKey = "test-viewer-key-0123456789";

    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, string> _settings;
    private Process? _process;
    private GrpcChannel? _channel;

    /// <summary>Channels of earlier runs of the process: clients made before a restart keep theirs (disposed at the end).</summary>
    private readonly List<GrpcChannel> _retired = [];

    private ServiceProcess(Dictionary<string, string> settings, int grpcPort, int httpPort)
    {
        _settings = settings;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    /// <summary>Port of the gRPC API (HTTP/2).</summary>
    public int GrpcPort { get; }

    /// <summary>Port of the HTTP/JSON API and health (HTTP/1.1).</summary>
    public int HttpPort { get; }

    /// <summary>gRPC base address.</summary>
    public string GrpcAddress => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>HTTP base address.</summary>
    public string HttpAddress => $"http://127.0.0.1:{HttpPort}";

    /// <summary>Process id, or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

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

    /// <summary>Client of the service API over one shared channel.</summary>
    public ReliableMessageService.ReliableMessageServiceClient Client => new(Channel);

    /// <summary>Client of the admin API; send <see cref="AsOperator"/> or <see cref="AsViewer"/> with each call.</summary>
    public ReliableMessageAdmin.ReliableMessageAdminClient Admin => new(Channel);

    /// <summary>Call options carrying <see cref="OperatorKey"/>.</summary>
    public static CallOptions AsOperator => new(new Metadata { { "x-api-key", OperatorKey } });

    /// <summary>Call options carrying <see cref="ViewerKey"/>.</summary>
    public static CallOptions AsViewer => new(new Metadata { { "x-api-key", ViewerKey } });

    /// <summary>The shared channel to the service (for raw calls).</summary>
    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(GrpcAddress);

    /// <summary>
    /// Starts a service on PostgreSQL (<paramref name="connectionString"/>) with the Kafka transport (or push when
    /// <paramref name="transport"/> says so) and extra settings (environment-variable names, e.g.
    /// <c>ReliableMessage__CheckDelay</c>).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string connectionString, string transport = "Kafka", IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage__Provider"] = "PostgreSql",
            ["Storage__ConnectionString"] = connectionString,
            ["Storage__AutoMigrate"] = "true",
            ["ReliableMessage__Transport"] = transport,
            ["Kafka__BootstrapServers"] = TestEnvironment.KafkaBootstrapServers ?? "127.0.0.1:1",
            ["Kafka__ApiVersionRequest"] = "false",
            ["Kafka__BrokerVersionFallback"] = "0.9.0.1",
            ["Serilog__MinimumLevel__Default"] = "Information",
            ["Admin__ApiKeys__0__Name"] = OperatorName,
            ["Admin__ApiKeys__0__Hash"] = ApiKeyHash.Compute(OperatorKey),
            ["Admin__ApiKeys__0__Role"] = "Operator",
            ["Admin__ApiKeys__1__Name"] = "test-viewer",
            ["Admin__ApiKeys__1__Hash"] = ApiKeyHash.Compute(ViewerKey),
            ["Admin__ApiKeys__1__Role"] = "ReadOnly",

            // Tests run the Production environment without application keys unless they configure some.
            ["Security__AllowAnonymous"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var process = new ServiceProcess(all, FreePort.Next(), FreePort.Next());
        await process.StartAgainAsync();
        return process;
    }

    /// <summary>Starts the process (again, after a kill) with the same ports and settings.</summary>
    public async Task StartAgainAsync()
    {
        var dll = LocateService();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["Kestrel__Endpoints__Grpc__Url"] = GrpcAddress;
        info.Environment["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        info.Environment["Kestrel__Endpoints__Http__Url"] = HttpAddress;
        info.Environment["Kestrel__Endpoints__Http__Protocols"] = "Http1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the reliable-message service.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitHealthyAsync(TimeSpan.FromSeconds(120));

        // Clients made from now on get a fresh channel: the old one may still be in its reconnect backoff after the
        // process died, failing calls at once with Unavailable although the new process is serving.
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

    /// <summary>Working set of the running process in bytes (0 when not running).</summary>
    public long WorkingSet()
    {
        if (_process is not { HasExited: false } p)
        {
            return 0;
        }

        p.Refresh();
        return p.WorkingSet64;
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
                throw new InvalidOperationException($"The reliable-message service exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{HttpAddress}/health"));
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

        throw new TimeoutException($"The reliable-message service was not healthy within {timeout}:\n{Output}");
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

    private static string LocateService()
    {
        // Same configuration (Debug/Release) as this test assembly.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(TestEnvironment.RepoRoot, "reliable-message", "src", "Transactions.ReliableMessage.Service", "bin", configuration, "net10.0", "Transactions.ReliableMessage.Service.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the service first (dotnet build tests/Transactions.ReliableMessage.IntegrationTests).", path);
    }
}
