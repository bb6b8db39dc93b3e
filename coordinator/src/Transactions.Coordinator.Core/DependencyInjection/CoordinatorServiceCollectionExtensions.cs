using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Ids;
using Transactions.Coordinator.Diagnostics;
using Transactions.Coordinator.Engine;
using Transactions.Coordinator.Options;
using Transactions.Coordinator.Participants;
using Transactions.Coordinator.Recovery;
using Transactions.Coordinator.Sagas;
using Transactions.Protocol.Tracing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the coordinator engine. A store (<c>AddCoordinatorStorage</c>) must be added too.</summary>
public static class CoordinatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine, phase-2 driver, participant transports (gRPC and HTTP/JSON), recovery, and the
    /// leased Snowflake id generator; binds <see cref="CoordinatorOptions"/> from <paramref name="section"/>
    /// and validates it at start. Registrations use TryAdd, so anything can be replaced.
    /// </summary>
    public static IServiceCollection AddTransactionCoordinator(this IServiceCollection services, IConfiguration section, Action<CoordinatorOptions>? configure = null)
    {
        services.AddOptions<CoordinatorOptions>()
            .Bind(section)
            .Configure(o => configure?.Invoke(o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordinatorOptions>, CoordinatorOptionsValidator>());
        services.AddOptions<WorkerIdLeaseOptions>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LeasedIdGenerator>();
        services.TryAddSingleton<IIdGenerator>(sp => sp.GetRequiredService<LeasedIdGenerator>());
        services.AddHostedService(sp => sp.GetRequiredService<LeasedIdGenerator>());

        services.TryAddSingleton<InFlightTransactions>();
        services.TryAddSingleton<PhaseTwoDriver>();
        services.TryAddSingleton<TransactionCoordinator>();

        services.TryAddSingleton<SagaDriver>();
        services.TryAddSingleton<SagaCoordinator>();

        // One instance of each transport serves TCC phase 2 and saga steps (shared channels and connections).
        services.TryAddSingleton<GrpcParticipantTransport>();
        services.TryAddSingleton(sp =>
            new HttpJsonParticipantTransport(new HttpClient(new TraceContextHandler(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) }), disposeHandler: true)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IParticipantTransport, GrpcParticipantTransport>(sp => sp.GetRequiredService<GrpcParticipantTransport>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IParticipantTransport, HttpJsonParticipantTransport>(sp => sp.GetRequiredService<HttpJsonParticipantTransport>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISagaParticipantTransport, GrpcParticipantTransport>(sp => sp.GetRequiredService<GrpcParticipantTransport>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISagaParticipantTransport, HttpJsonParticipantTransport>(sp => sp.GetRequiredService<HttpJsonParticipantTransport>()));
        services.TryAddSingleton<ParticipantInvoker>();
        services.TryAddSingleton<IParticipantInvoker>(sp => sp.GetRequiredService<ParticipantInvoker>());
        services.TryAddSingleton<ISagaStepInvoker>(sp => sp.GetRequiredService<ParticipantInvoker>());

        // Metrics (Transactions.Coordinator meter) and the periodic snapshot behind its gauges.
        services.AddMetrics();
        services.AddOptions<CoordinatorMetricsOptions>()
            .Bind(section.GetSection(CoordinatorMetricsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<CoordinatorMetrics>();
        services.TryAddSingleton<CoordinatorMetricsRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<CoordinatorMetricsRefresher>());

        services.TryAddSingleton<RecoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<RecoveryService>());
        return services;
    }
}
