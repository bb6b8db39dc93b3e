using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Participants.Fence.Tests.Infrastructure;

namespace Transactions.Participants.Fence.Tests;

public sealed class TccFenceServiceCollectionExtensionsTests
{
    [Fact]
    public void AddTccFence_Defaults_RegistersFenceCleanerAndValidOptions()
    {
        using var provider = BuildServices(services => services.AddTccFence<FenceTestDbContext>());

        var fence = provider.GetRequiredService<ITccFence<FenceTestDbContext>>();
        var hostedServices = provider.GetServices<IHostedService>().ToList();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptionsMonitor<TccFenceOptions>>()
            .Get(TccFenceOptions.NameFor<FenceTestDbContext>());

        Assert.IsType<TccFence<FenceTestDbContext>>(fence);
        Assert.Same(provider.GetRequiredService<TccFenceCleaner<FenceTestDbContext>>(), Assert.Single(hostedServices));
        Assert.Equal(TccFenceDefaults.Retention, options.Retention);
    }

    [Fact]
    public void AddTccFence_CalledTwice_RegistersOneCleanerAndAppliesBothConfigurations()
    {
        using var provider = BuildServices(services => services
            .AddTccFence<FenceTestDbContext>(o => o.Retention = TimeSpan.FromDays(2))
            .AddTccFence<FenceTestDbContext>(o => o.CleanupBatchSize = 10));

        var options = provider.GetRequiredService<IOptionsMonitor<TccFenceOptions>>()
            .Get(TccFenceOptions.NameFor<FenceTestDbContext>());

        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Equal(TimeSpan.FromDays(2), options.Retention);
        Assert.Equal(10, options.CleanupBatchSize);
    }

    [Fact]
    public void AddTccFence_InvalidOptions_FailsStartupValidation()
    {
        using var provider = BuildServices(services =>
            services.AddTccFence<FenceTestDbContext>(o => o.Retention = TimeSpan.Zero));

        var error = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TccFenceOptions.Retention", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<FenceTestDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        configure(services);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
