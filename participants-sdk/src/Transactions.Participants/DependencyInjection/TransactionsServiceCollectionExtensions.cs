using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Participants;
using Transactions.Participants.Configuration;
using Transactions.Participants.Coordinator;
using Transactions.Participants.Interception;
using Transactions.Participants.Manager;
using Transactions.Participants.Participant;
using Transactions.Participants.Saga;
using Transactions.Participants.Tcc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the participants SDK and transactional services.</summary>
public static class TransactionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SDK: <see cref="ITransactionManager"/>, the coordinator client (the generated TransactionManager and
    /// ResourceManager clients through the gRPC client factory, pooled HTTP/2, Polly retries), the participant
    /// endpoint's services including Grpc.AspNetCore's (<c>services.AddGrpc()</c>, which the host may call too; map
    /// the endpoint with <c>app.MapTransactionParticipant()</c>) and <see cref="TransactionPropagationHandler"/>.
    /// <see cref="TransactionsOptions"/> are validated when the host starts. Registrations use TryAdd, so any of them
    /// can be replaced. Without a fence (<c>.UseTccFence&lt;TContext&gt;()</c>), Try/Confirm/Cancel run unprotected.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (coordinator address, application id, participant endpoint, ...).</param>
    /// <returns>A builder for plug-ins such as the EF Core fence.</returns>
    public static TransactionsBuilder AddTransactions(this IServiceCollection services, Action<TransactionsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<TransactionsOptions>().Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Adds the SDK with options bound from <paramref name="configuration"/> (usually the <c>Transactions</c>
    /// section), then changed by <paramref name="configure"/>. See <see cref="AddTransactions(IServiceCollection, Action{TransactionsOptions})"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind.</param>
    /// <param name="configure">Further changes; optional.</param>
    /// <returns>A builder for plug-ins such as the EF Core fence.</returns>
    public static TransactionsBuilder AddTransactions(this IServiceCollection services, IConfiguration configuration, Action<TransactionsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<TransactionsOptions>().Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddCore(services);
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> as <typeparamref name="TService"/> behind a proxy that runs
    /// its <see cref="TccActionAttribute"/> Try methods as TCC branches (and its
    /// <see cref="GlobalTransactionalAttribute"/> methods, if any, as global transactions). The attributes are
    /// checked now: a missing Confirm/Cancel method, a wrong signature or a duplicate action name throws
    /// <see cref="TccActionDefinitionException"/>.
    /// </summary>
    /// <typeparam name="TService">The interface callers use.</typeparam>
    /// <typeparam name="TImplementation">The implementation, with the Try, Confirm and Cancel methods.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="lifetime">Scoped (default) or Transient: the fence shares the scope's DbContext with the business methods.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddTccParticipant<TService, TImplementation>(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TService : class
        where TImplementation : class, TService
    {
        var descriptor = AddProxy(services, typeof(TService), typeof(TImplementation), lifetime);
        if (descriptor.TccActions.Count == 0)
        {
            throw new TccActionDefinitionException(typeof(TImplementation), $"registered as a TCC participant but no method of {typeof(TService).Name} carries [TccAction].");
        }

        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> as <typeparamref name="TService"/> behind a proxy that runs
    /// its <see cref="GlobalTransactionalAttribute"/> methods in global transactions (and its
    /// <see cref="TccActionAttribute"/> methods, if any, as TCC branches). Checked now, like
    /// <see cref="AddTccParticipant{TService, TImplementation}"/>.
    /// </summary>
    /// <typeparam name="TService">The interface callers use.</typeparam>
    /// <typeparam name="TImplementation">The implementation.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="lifetime">The service lifetime. Default: Scoped.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddGlobalTransactional<TService, TImplementation>(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TService : class
        where TImplementation : class, TService
    {
        var descriptor = AddProxy(services, typeof(TService), typeof(TImplementation), lifetime);
        if (!descriptor.HasGlobalTransactionalMethods)
        {
            throw new TccActionDefinitionException(typeof(TImplementation), $"registered with AddGlobalTransactional but no method of {typeof(TService).Name} carries [GlobalTransactional].");
        }

        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TImplementation"/> (Scoped by default) as a saga participant: its
    /// <see cref="SagaActionAttribute"/> methods and their compensations are served by the participant endpoint
    /// (<c>app.MapTransactionParticipant()</c>) and run inside the fence. Checked now: a missing compensation, a
    /// wrong signature or a duplicate action name throws <see cref="TccActionDefinitionException"/>.
    /// Requires <c>services.AddTransactions(...)</c>.
    /// </summary>
    /// <typeparam name="TImplementation">The class with the saga actions.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="lifetime">Scoped (default) or Transient: the fence shares the scope's DbContext with the methods.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddSagaParticipant<TImplementation>(this IServiceCollection services, ServiceLifetime lifetime = ServiceLifetime.Scoped)
        where TImplementation : class
    {
        ArgumentNullException.ThrowIfNull(services);
        if (lifetime == ServiceLifetime.Singleton)
        {
            throw new TccActionDefinitionException(typeof(TImplementation), "a saga participant must be Scoped or Transient: its methods run in the fence on the DbContext of the call's scope.");
        }

        var registry = GetOrAddSagaRegistry(services);
        if (registry.Actions.Values.Any(a => a.ImplementationType == typeof(TImplementation)))
        {
            return services;
        }

        if (registry.Add(typeof(TImplementation)) == 0)
        {
            throw new TccActionDefinitionException(typeof(TImplementation), "registered as a saga participant but no method carries [SagaAction].");
        }

        services.Add(new ServiceDescriptor(typeof(TImplementation), typeof(TImplementation), lifetime));
        return services;
    }

    private static TransactionsBuilder AddCore(IServiceCollection services)
    {
        GetOrAddRegistry(services);
        GetOrAddSagaRegistry(services);
        services.AddOptions<TransactionsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransactionsOptions>, TransactionsOptionsValidator>());
        services.AddLogging();
        services.AddGrpc();
        services.TryAddSingleton(TimeProvider.System);
        CoordinatorClientRegistration.AddCoordinatorClient(services);
        services.TryAddSingleton<ITransactionManager, TransactionManager>();
        services.TryAddSingleton<ITccPhaseExecutor, DirectTccPhaseExecutor>();
        services.TryAddSingleton<TransactionalAdvice>();
        services.TryAddSingleton<TccPhaseDispatcher>();
        services.TryAddSingleton<ParticipantEndpointHandlers>();
        services.TryAddSingleton<SagaStepDispatcher>();
        services.TryAddSingleton<SagaEndpointHandlers>();
        services.TryAddSingleton<ParticipantGrpcService>();
        services.TryAddTransient<TransactionPropagationHandler>();
        return new TransactionsBuilder(services);
    }

    private static TransactionalServiceDescriptor AddProxy(IServiceCollection services, Type serviceType, Type implementationType, ServiceLifetime lifetime)
    {
        ArgumentNullException.ThrowIfNull(services);
        var descriptor = TransactionalServiceDescriptor.Create(serviceType, implementationType);
        if (lifetime == ServiceLifetime.Singleton && descriptor.TccActions.Count > 0)
        {
            throw new TccActionDefinitionException(
                implementationType,
                "a TCC participant must be Scoped or Transient: its Try runs in the fence on the DbContext of the caller's scope.");
        }

        var registry = GetOrAddRegistry(services);
        if (registry.Services.TryGetValue(serviceType, out var existing) && existing.ImplementationType == implementationType)
        {
            return existing;
        }

        registry.Add(descriptor);
        services.Add(new ServiceDescriptor(implementationType, TransactionalRegistry.TargetKey, implementationType, lifetime));
        services.Add(new ServiceDescriptor(serviceType, sp => TransactionalProxyFactory.Create(descriptor, sp), lifetime));
        return descriptor;
    }

    private static TransactionalRegistry GetOrAddRegistry(IServiceCollection services)
    {
        foreach (var service in services)
        {
            if (service.ServiceType == typeof(TransactionalRegistry) && !service.IsKeyedService && service.ImplementationInstance is TransactionalRegistry registry)
            {
                return registry;
            }
        }

        var created = new TransactionalRegistry();
        services.AddSingleton(created);
        return created;
    }

    private static SagaActionRegistry GetOrAddSagaRegistry(IServiceCollection services)
    {
        foreach (var service in services)
        {
            if (service.ServiceType == typeof(SagaActionRegistry) && !service.IsKeyedService && service.ImplementationInstance is SagaActionRegistry registry)
            {
                return registry;
            }
        }

        var created = new SagaActionRegistry();
        services.AddSingleton(created);
        return created;
    }
}
