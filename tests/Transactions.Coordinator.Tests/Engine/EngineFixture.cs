using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Transactions.Common.Ids;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Participants;
using Transactions.Coordinator.Recovery;
using Transactions.Coordinator.Storage;
using Transactions.Storage;

namespace Transactions.Coordinator.Tests.Engine;

/// <summary>
/// One coordinator instance (engine + recovery) on a real SQLite file store, with a fake clock and
/// fake participants. Several instances can share one database file to play multi-instance and
/// crash scenarios.
/// </summary>
public sealed class EngineFixture : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private EngineFixture(ServiceProvider provider, string instanceId)
    {
        _provider = provider;
        InstanceId = instanceId;
    }

    public string InstanceId { get; }

    public ScriptedInvoker Invoker => (ScriptedInvoker)_provider.GetRequiredService<IParticipantInvoker>();

    public TransactionCoordinator Coordinator => _provider.GetRequiredService<TransactionCoordinator>();

    public RecoveryService Recovery => _provider.GetRequiredService<RecoveryService>();

    public ITransactionStore Store => _provider.GetRequiredService<ITransactionStore>();

    /// <summary>An instance on the SQLite file <paramref name="databasePath"/>, or on PostgreSQL when <paramref name="postgresConnectionString"/> is given.</summary>
    public static async Task<EngineFixture> CreateAsync(string databasePath, FakeTimeProvider time, string instanceId = "A", int workerId = 1, Action<Options.CoordinatorOptions>? configure = null, string? postgresConnectionString = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(builder =>
        {
            if (logs is not null)
            {
                builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            }
        });
        services.AddSingleton<IIdGenerator>(new FixedWorkerIds(new SnowflakeIdGenerator(workerId, time)));
        services.AddSingleton<IParticipantInvoker, ScriptedInvoker>();
        services.AddCoordinatorStorage(o =>
        {
            o.Provider = postgresConnectionString is null ? StorageProvider.Sqlite : StorageProvider.PostgreSql;
            o.ConnectionString = postgresConnectionString ?? $"Data Source={databasePath}";
            o.AutoMigrate = true;
        });
        services.AddTransactionCoordinator(new ConfigurationBuilder().Build(), o =>
        {
            o.InstanceId = instanceId;
            o.BranchCallRetries = 0;
            o.LeaseDuration = TimeSpan.FromSeconds(10);
            o.Phase2InitialBackoff = TimeSpan.FromSeconds(1);
            o.Phase2MaxBackoff = TimeSpan.FromSeconds(8);
            o.NeedsAttentionAfterRounds = 3;
            configure?.Invoke(o);
        });
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<CoordinatorStorageMigrator>().MigrateAsync(CancellationToken.None);
        return new EngineFixture(provider, instanceId);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class FixedWorkerIds(SnowflakeIdGenerator generator) : IIdGenerator
    {
        public long NextId() => generator.NextId();
    }
}
