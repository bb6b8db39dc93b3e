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
/// The engine wired as in the host, on a temp SQLite store, with a fake clock, transport and producer checker.
/// Background loops do not run: tests drive them (<see cref="PublishQueuedAsync"/>, <see cref="PollAsync"/>).
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly SqliteFile _file = new();
    private readonly ServiceProvider _services;

    private EngineHarness(Action<ReliableMessageOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IIdGenerator>(new SequentialIds());
        services.AddSingleton<IMessageTransport>(Transport);
        services.AddSingleton<IProducerChecker>(Checker);
        var storage = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider"] = "Sqlite",
            ["ConnectionString"] = _file.ConnectionString,
        }).Build();
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

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeTransport Transport { get; } = new();

    public FakeProducerChecker Checker { get; } = new();

    public ReliableMessageEngine Sut => _services.GetRequiredService<ReliableMessageEngine>();

    public IMessageStore Store => _services.GetRequiredService<IMessageStore>();

    public MessageDispatcher Dispatcher => _services.GetRequiredService<MessageDispatcher>();

    public RecoveryService Recovery => _services.GetRequiredService<RecoveryService>();

    public static async Task<EngineHarness> CreateAsync(Action<ReliableMessageOptions>? configure = null)
    {
        var harness = new EngineHarness(configure);
        await harness._services.GetRequiredService<MessageStorageMigrator>().StartAsync(default);
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
        foreach (var hosted in _services.GetServices<IHostedService>().OfType<IDisposable>())
        {
            hosted.Dispose();
        }

        await _services.DisposeAsync();
        _file.Dispose();
    }

    private sealed class SequentialIds : IIdGenerator
    {
        private long _next = 1_000;

        public long NextId() => Interlocked.Increment(ref _next);
    }
}
