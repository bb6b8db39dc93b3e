using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Transactions.Common.Ids;
using Transactions.ReliableMessage.BackCheck;
using Transactions.ReliableMessage.Dispatch;
using Transactions.ReliableMessage.Engine;
using Transactions.ReliableMessage.Options;
using Transactions.ReliableMessage.Recovery;
using Transactions.ReliableMessage.Storage;

namespace Transactions.ReliableMessage.Tests.Infrastructure;

/// <summary>
/// The engine wired as in the host, on a temp SQLite store (or a PostgreSQL database), with a fake clock, transport and producer checker.
/// Background loops do not run: tests drive them (<see cref="PublishQueuedAsync"/>, <see cref="PollAsync"/>).
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly SqliteFile _file;
    private readonly bool _ownsFile;
    private readonly SequentialIds _ids;
    private readonly string? _postgres;
    private readonly ServiceProvider _services;

    private EngineHarness(Action<ReliableMessageOptions>? configure, Shared? shared)
    {
        _file = shared?.File ?? new SqliteFile();
        _ownsFile = shared is null;
        _postgres = shared?.PostgresConnectionString;
        Clock = shared?.Clock ?? new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Transport = shared?.Transport ?? new();
        Checker = shared?.Checker ?? new();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        _ids = shared?.Ids ?? new SequentialIds();
        services.AddSingleton<IIdGenerator>(_ids);
        services.AddSingleton<IMessageTransport>(Transport);
        services.AddSingleton<IProducerChecker>(Checker);
        var storage = new ConfigurationBuilder().AddInMemoryCollection(shared?.PostgresConnectionString is { } postgres
            ? new Dictionary<string, string?> { ["Provider"] = "PostgreSql", ["ConnectionString"] = postgres, ["AutoMigrate"] = "true" }
            : new Dictionary<string, string?> { ["Provider"] = "Sqlite", ["ConnectionString"] = _file.ConnectionString }).Build();
        services.AddReliableMessageStorage(storage);
        services.AddReliableMessageEngine(new ConfigurationBuilder().Build(), o =>
        {
            o.InstanceId = "test";
            o.CheckDelay = TimeSpan.FromSeconds(10);
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            o.RedeliverySchedule = [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)];
            configure?.Invoke(o);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Clock { get; }

    public FakeTransport Transport { get; }

    public FakeProducerChecker Checker { get; }

    public ReliableMessageEngine Sut => _services.GetRequiredService<ReliableMessageEngine>();

    public IMessageStore Store => _services.GetRequiredService<IMessageStore>();

    public MessageDispatcher Dispatcher => _services.GetRequiredService<MessageDispatcher>();

    public RecoveryService Recovery => _services.GetRequiredService<RecoveryService>();

    public static Task<EngineHarness> CreateAsync(Action<ReliableMessageOptions>? configure = null) => CreateAsync(configure, null);

    /// <summary>
    /// A new instance on the same database file, clock, transport and checker as <paramref name="crashed"/>, which is
    /// disposed first (a process that died: what it held in memory is gone, the database stays).
    /// </summary>
    public static async Task<EngineHarness> RestartAsync(EngineHarness crashed, Action<ReliableMessageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(crashed);
        if (crashed._ownsFile)
        {
            throw new InvalidOperationException("Restart a harness created with a file of the caller's (CreateOnAsync), so the file outlives it.");
        }

        var shared = new Shared(crashed._file, crashed.Clock, crashed.Transport, crashed.Checker, crashed._ids, crashed._postgres);
        await crashed.DisposeServicesAsync();
        return await CreateAsync(configure, shared);
    }

    /// <summary>
    /// An instance on <paramref name="file"/> (or on the PostgreSQL database <paramref name="postgresConnectionString"/>),
    /// which the caller deletes, so that <see cref="RestartAsync"/> can reopen it.
    /// </summary>
    public static Task<EngineHarness> CreateOnAsync(SqliteFile file, Action<ReliableMessageOptions>? configure = null, string? postgresConnectionString = null) =>
        CreateAsync(configure, new Shared(file, new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), new(), new(), new(), postgresConnectionString));

    private static async Task<EngineHarness> CreateAsync(Action<ReliableMessageOptions>? configure, Shared? shared)
    {
        var harness = new EngineHarness(configure, shared);
        await harness._services.GetRequiredService<MessageStorageMigrator>().MigrateAsync(default);
        return harness;
    }

    /// <summary>Publishes what Commit queued in memory (the dispatcher's workers do this in the host).</summary>
    public Task<int> PublishQueuedAsync() => Dispatcher.DrainQueueAsync(default);

    /// <summary>One recovery poll.</summary>
    public Task<bool> PollAsync() => Recovery.PollOnceAsync(default);

    public async Task<long> PrepareAsync(string topic = "orders", string? producerKey = null, string? checkEndpoint = "http://producer:5001") =>
        (await Sut.PrepareAsync(new PrepareCommand(topic, "k1", new byte[] { 1, 2, 3 }, "orders-service", producerKey, checkEndpoint), default)).Message.MessageId;

    public async ValueTask DisposeAsync()
    {
        await DisposeServicesAsync();
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }

    private async Task DisposeServicesAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>().OfType<IDisposable>())
        {
            hosted.Dispose();
        }

        await _services.DisposeAsync();
    }

    /// <summary>What outlives a restart: the database, the clock, the fakes, and the id sequence (a real service leases its worker id).</summary>
    private sealed record Shared(SqliteFile File, FakeTimeProvider Clock, FakeTransport Transport, FakeProducerChecker Checker, SequentialIds Ids, string? PostgresConnectionString);

    private sealed class SequentialIds : IIdGenerator
    {
        private long _next = 1_000;

        public long NextId() => Interlocked.Increment(ref _next);
    }
}
