using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Transactions.Participants.Coordinator;

namespace Transactions.Participants.Tests.Fakes;

/// <summary>A service collection with the SDK set up against a <see cref="FakeCoordinatorClient"/>.</summary>
internal static class SdkServices
{
    public static IServiceCollection Create(FakeCoordinatorClient coordinator, Action<TransactionsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddTransactions(options =>
        {
            options.CoordinatorAddress = "http://127.0.0.1:1";
            options.ApplicationId = "unit-app";
            options.ParticipantEndpoint = "http://participant.test:5001";
            configure?.Invoke(options);
        });
        services.Replace(ServiceDescriptor.Singleton<ICoordinatorClient>(coordinator));
        return services;
    }

    /// <summary>The SDK for a participant app under test: loopback addresses that are never called, a <see cref="FakeCoordinatorClient"/>.</summary>
    public static TransactionsBuilder AddParticipantUnderTest(this IServiceCollection services, string applicationId)
    {
        var builder = services.AddTransactions(options =>
        {
            options.CoordinatorAddress = "http://127.0.0.1:1";
            options.ApplicationId = applicationId;
            options.ParticipantEndpoint = "http://127.0.0.1:2";
        });
        services.Replace(ServiceDescriptor.Singleton<ICoordinatorClient>(new FakeCoordinatorClient()));
        return builder;
    }

    public static ServiceProvider Build(this IServiceCollection services) =>
        services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
}
