using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Samples.Demo.Client;
using Samples.Demo.Processes;
using Transactions.Testing;

namespace Samples.Demo.Stack;

/// <summary>
/// The whole sample system as child processes on free loopback ports: coordinator, reliable-message service, order,
/// stock, points and warehouse. Disposing it kills every process it started (also when the runner itself exits).
/// </summary>
public sealed class SampleStack : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly SampleStackOptions _options;

    private SampleStack(SampleStackOptions options, string workDirectory)
    {
        _options = options;
        WorkDirectory = workDirectory;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>SQLite files and logs.</summary>
    public string WorkDirectory { get; }

    /// <summary>The coordinator.</summary>
    public ChildProcess Coordinator { get; private set; } = null!;

    /// <summary>The reliable-message service.</summary>
    public ChildProcess ReliableMessage { get; private set; } = null!;

    /// <summary>The order service.</summary>
    public ChildProcess Order { get; private set; } = null!;

    /// <summary>The stock service.</summary>
    public ChildProcess Stock { get; private set; } = null!;

    /// <summary>The points service.</summary>
    public ChildProcess Points { get; private set; } = null!;

    /// <summary>The warehouse.</summary>
    public ChildProcess Warehouse { get; private set; } = null!;

    /// <summary>A client of the four services' HTTP APIs.</summary>
    public SampleClient Client { get; private set; } = null!;

    /// <summary>Starts everything (coordinator and reliable-message service first, then the four services).</summary>
    /// <param name="options">Storage, transport, ...</param>
    /// <param name="progress">Receives a line per process started.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The running system.</returns>
    public static async Task<SampleStack> StartAsync(SampleStackOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var work = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "transactions-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        var stack = new SampleStack(options, work);
        try
        {
            await stack.StartAllAsync(progress, cancellationToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last output lines of every process (for error messages).</summary>
    /// <returns>The text.</returns>
    public string Diagnostics() => string.Join(
        Environment.NewLine,
        _processes.Select(p => $"--- {p.Name} ({(p.IsRunning ? "running" : "stopped")}, log {p.LogFile}) ---{Environment.NewLine}{p.Output}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }
    }

    private void KillAll()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }
    }

    private async Task StartAllAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var kafka = string.Equals(_options.Transport, "Kafka", StringComparison.OrdinalIgnoreCase);
        var postgres = string.Equals(_options.Provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);
        var storage = postgres ? "PostgreSql" : "Sqlite";

        var (coordinatorGrpc, coordinatorHttp) = (FreePort.Next(), FreePort.Next());
        var (rmGrpc, rmHttp) = (FreePort.Next(), FreePort.Next());
        var (orderHttp, orderGrpc) = (FreePort.Next(), FreePort.Next());
        var (stockHttp, stockGrpc) = (FreePort.Next(), FreePort.Next());
        var pointsHttp = FreePort.Next();
        var (warehouseHttp, warehouseGrpc) = (FreePort.Next(), FreePort.Next());
        var coordinatorAddress = Url(coordinatorGrpc);
        var rmAddress = Url(rmGrpc);

        Coordinator = Add("coordinator", BuiltHosts.Coordinator, coordinatorHttp, new()
        {
            ["Kestrel__Endpoints__Grpc__Url"] = coordinatorAddress,
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__Http__Url"] = Url(coordinatorHttp),
            ["Kestrel__Endpoints__Http__Protocols"] = "Http1",
            ["Storage__Provider"] = storage,
            ["Storage__ConnectionString"] = ConnectionString("coordinator"),
            ["Storage__AutoMigrate"] = "true",
            ["Coordinator__InstanceId"] = "sample-coordinator",
            // The demo runs on loopback without application or admin keys; a production deployment configures them.
            ["Security__AllowAnonymous"] = "true",
            // A participant that comes back is retried within seconds (the production default caps at 60 s).
            ["Coordinator__Phase2MaxBackoff"] = "00:00:05",
        });
        ReliableMessage = Add("reliable-message", BuiltHosts.ReliableMessage, rmHttp, new()
        {
            ["Kestrel__Endpoints__Grpc__Url"] = rmAddress,
            ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__Http__Url"] = Url(rmHttp),
            ["Kestrel__Endpoints__Http__Protocols"] = "Http1",
            ["Storage__Provider"] = storage,
            ["Storage__ConnectionString"] = ConnectionString("reliable_message"),
            ["Storage__AutoMigrate"] = "true",
            ["ReliableMessage__InstanceId"] = "sample-reliable-message",
            ["Security__AllowAnonymous"] = "true",
            ["ReliableMessage__Transport"] = kafka ? "Kafka" : "Push",
            // Demo timings: a message left prepared is checked after 3 s; redeliveries after 5 s, 10 s, 20 s, 30 s, 60 s.
            ["ReliableMessage__CheckDelay"] = "00:00:03",
            ["ReliableMessage__RedeliverySchedule__0"] = "00:00:05",
            ["ReliableMessage__RedeliverySchedule__1"] = "00:00:10",
            ["ReliableMessage__RedeliverySchedule__2"] = "00:00:20",
            ["ReliableMessage__RedeliverySchedule__3"] = "00:00:30",
            ["ReliableMessage__RedeliverySchedule__4"] = "00:01:00",
            ["Kafka__BootstrapServers"] = _options.KafkaBootstrapServers,
            ["Kafka__ApiVersionRequest"] = "false",
            ["Kafka__BrokerVersionFallback"] = "0.9.0.1",
            ["Kafka__RetryTopicPrefix"] = _options.KafkaRetryTopicPrefix,
        });
        await StartAsync(progress, cancellationToken, Coordinator, ReliableMessage);

        Stock = Add("stock", BuiltHosts.Sample("Samples.Stock"), stockHttp, Service(storage, "stock", stockHttp, stockGrpc, new()
        {
            ["Transactions__CoordinatorAddress"] = coordinatorAddress,
            ["Transactions__ParticipantEndpoint"] = Url(stockGrpc),
        }));
        Points = Add("points", BuiltHosts.Sample("Samples.Points"), pointsHttp, Service(storage, "points", pointsHttp, grpcPort: null, new()
        {
            ["Transactions__CoordinatorAddress"] = coordinatorAddress,
            ["Transactions__ParticipantEndpoint"] = Url(pointsHttp),
        }));
        Order = Add("order", BuiltHosts.Sample("Samples.Order"), orderHttp, Service(storage, "orders", orderHttp, orderGrpc, new()
        {
            ["Transactions__CoordinatorAddress"] = coordinatorAddress,
            ["Transactions__ParticipantEndpoint"] = Url(orderGrpc),
            ["ReliableMessage__Producer__ServiceAddress"] = rmAddress,
            ["ReliableMessage__Producer__CheckEndpoint"] = Url(orderGrpc),
            ["Orders__StockAddress"] = Url(stockHttp),
            ["Orders__PointsAddress"] = Url(pointsHttp),
            ["Orders__ShipmentTopic"] = _options.ShipmentTopic,
        }));
        Warehouse = Add("warehouse", BuiltHosts.Sample("Samples.Warehouse"), warehouseHttp, Service(storage, "warehouse", warehouseHttp, warehouseGrpc, new()
        {
            ["ReliableMessage__Consumer__ServiceAddress"] = rmAddress,
            ["ReliableMessage__Consumer__ConsumerGroup"] = _options.ConsumerGroup,
            ["ReliableMessage__Consumer__Transport"] = kafka ? "Kafka" : "Push",
            ["ReliableMessage__Consumer__PushEndpoint"] = Url(warehouseGrpc),
            ["ReliableMessage__Consumer__BootstrapServers"] = _options.KafkaBootstrapServers,
            ["Warehouse__ShipmentTopic"] = _options.ShipmentTopic,
        }));
        await StartAsync(progress, cancellationToken, Stock, Points, Order, Warehouse);

        Client = new SampleClient(new Uri(Url(orderHttp)), new Uri(Url(stockHttp)), new Uri(Url(pointsHttp)), new Uri(Url(warehouseHttp)));
    }

    private Dictionary<string, string> Service(string storage, string component, int httpPort, int? grpcPort, Dictionary<string, string> settings)
    {
        settings["Kestrel__Endpoints__Http__Url"] = Url(httpPort);
        settings["Kestrel__Endpoints__Http__Protocols"] = "Http1";
        if (grpcPort is { } grpc)
        {
            settings["Kestrel__Endpoints__Grpc__Url"] = Url(grpc);
            settings["Kestrel__Endpoints__Grpc__Protocols"] = "Http2";
        }

        settings["Database__Provider"] = storage;
        settings["Database__ConnectionString"] = ConnectionString(component);
        return settings;
    }

    private ChildProcess Add(string name, string dll, int httpPort, Dictionary<string, string> settings)
    {
        if (_options.ProcessSettings.TryGetValue(name, out var extra))
        {
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }
        }

        var health = new Uri(Url(httpPort) + "/health");
        var process = new ChildProcess(ChildProcessOptions.ForHost(name, dll, settings, health) with
        {
            Ready = ReadyWhen.HttpAnswers(health, TimeSpan.FromSeconds(5)),
            PollInterval = TimeSpan.FromMilliseconds(200),
            StartTimeout = _options.StartTimeout,
            LogFile = Path.Combine(WorkDirectory, name + ".log"),
            MaxOutputLines = 40, // the whole output is in the log file; error messages show the last lines
        });
        _processes.Add(process);
        return process;
    }

    private async Task StartAsync(Action<string> progress, CancellationToken cancellationToken, params ChildProcess[] processes) =>
        await Task.WhenAll(processes.Select(async process =>
        {
            var stopwatch = Stopwatch.StartNew();
            await process.StartAsync(_options.StartTimeout, cancellationToken);
            progress($"{process.Name} is up ({stopwatch.Elapsed.TotalSeconds:0.0} s)");
        }));

    private string ConnectionString(string component)
    {
        var postgres = string.Equals(_options.Provider, "PostgreSql", StringComparison.OrdinalIgnoreCase);
        if (_options.ConnectionStrings.TryGetValue(component, out var configured))
        {
            return postgres ? WithPoolLimit(configured) : configured;
        }

        if (!postgres)
        {
            return $"Data Source={Path.Combine(WorkDirectory, component + ".db")}";
        }

        var server = _options.PostgresConnectionString
            ?? throw new InvalidOperationException("Demo:PostgresConnectionString is required with Demo:Provider=PostgreSql.");
        var builder = new DbConnectionStringBuilder { ConnectionString = server };
        builder["Database"] = $"{_options.DatabasePrefix}_{component}";
        return WithPoolLimit(builder.ConnectionString);
    }

    /// <summary>
    /// Caps the component's connection pool (unless the connection string sets one): six processes with Npgsql's
    /// default of 100 each can take more connections than the server allows under a burst of orders.
    /// </summary>
    private string WithPoolLimit(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!builder.ContainsKey("Maximum Pool Size") && !builder.ContainsKey("Max Pool Size") && !builder.ContainsKey("MaxPoolSize"))
        {
            builder["Maximum Pool Size"] = _options.PostgresMaxPoolSize.ToString(CultureInfo.InvariantCulture);
        }

        return builder.ConnectionString;
    }

    private static string Url(int port) => $"http://127.0.0.1:{port}";
}
