using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Transactions.Common.Http;
using Transactions.Protocol.Tracing;
using ResourceManagerClient = Transactions.Protocol.V1.ResourceManager.ResourceManagerClient;
using TransactionManagerClient = Transactions.Protocol.V1.TransactionManager.TransactionManagerClient;

namespace Transactions.Participants.Coordinator;

/// <summary>
/// Registers <see cref="CoordinatorClient"/> and the two Grpc.Net.ClientFactory named clients it calls the
/// coordinator with (the generated <c>TransactionManager</c> and <c>ResourceManager</c> clients at
/// <see cref="TransactionsOptions.CoordinatorAddress"/>). Their primary handler is an <see cref="OpaqueHttpHandler"/>
/// over <see cref="TransactionsOptions.CoordinatorHttpHandler"/> when set (never disposed by the SDK), otherwise over a
/// pooled HTTP/2 <see cref="SocketsHttpHandler"/> it owns (disposed with the factory's handler). Every call carries the
/// W3C trace context of the current span (<see cref="TraceContextHandler"/>); the factory's per-request logging is off.
/// </summary>
internal static class CoordinatorClientRegistration
{
    /// <summary>The name of the coordinator's TransactionManager client in the gRPC client factory.</summary>
    public const string TransactionManagerClientName = "Transactions.Participants.Coordinator.TransactionManager";

    /// <summary>The name of the coordinator's ResourceManager client in the gRPC client factory.</summary>
    public const string ResourceManagerClientName = "Transactions.Participants.Coordinator.ResourceManager";

    /// <summary>Adds the coordinator client once (later calls change nothing).</summary>
    /// <param name="services">The service collection.</param>
    public static void AddCoordinatorClient(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ICoordinatorClient)))
        {
            return;
        }

        services.AddGrpcClient<TransactionManagerClient>(TransactionManagerClientName, ConfigureAddress)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(static () => new TraceContextHandler())
            .RemoveAllLoggers();
        services.AddGrpcClient<ResourceManagerClient>(ResourceManagerClientName, ConfigureAddress)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(static () => new TraceContextHandler())
            .RemoveAllLoggers();
        services.TryAddSingleton<ICoordinatorClient, CoordinatorClient>();
    }

    /// <summary>The handler of a coordinator channel with no <see cref="TransactionsOptions.CoordinatorHttpHandler"/>.</summary>
    /// <returns>A new handler: multiple HTTP/2 connections, keep-alive pings while calls are active, 5 minute idle timeout.</returns>
    internal static SocketsHttpHandler CreateDefaultHandler() => GrpcSocketsHandler.Create();

    private static void ConfigureAddress(IServiceProvider services, GrpcClientFactoryOptions options) =>
        options.Address = new Uri(services.GetRequiredService<IOptions<TransactionsOptions>>().Value.CoordinatorAddress!, UriKind.Absolute);

    private static HttpMessageHandler CreatePrimaryHandler(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TransactionsOptions>>().Value.CoordinatorHttpHandler is { } handler
            ? new OpaqueHttpHandler(handler, disposeInner: false)
            : new OpaqueHttpHandler(CreateDefaultHandler(), disposeInner: true);
}
