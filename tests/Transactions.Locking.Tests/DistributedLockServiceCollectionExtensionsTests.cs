using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Transactions.Locking.Tests;

public sealed class DistributedLockServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddDistributedLock_Configure_ResolvesOneSingletonWithTheOptions()
    {
        var services = new ServiceCollection().AddLogging();

        services.AddDistributedLock(o =>
        {
            o.ConnectionString = "Data Source=locks.db";
            o.OwnerId = "orders-1";
        });
        await using var provider = services.BuildServiceProvider();

        var sut = provider.GetRequiredService<IDistributedLock>();
        Assert.Same(sut, provider.GetRequiredService<DistributedLock>());
        Assert.Equal("orders-1", ((DistributedLock)sut).OwnerId);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task AddDistributedLock_ConfigurationSection_BindsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DistributedLock:Provider"] = "PostgreSql",
            ["DistributedLock:ConnectionString"] = "Host=localhost;Database=app",
            ["DistributedLock:LeaseDuration"] = "00:01:00",
            ["DistributedLock:RenewInterval"] = "00:00:20",
            ["DistributedLock:RetryDelay"] = "00:00:00.100",
            ["DistributedLock:OwnerId"] = "stock-2",
            ["DistributedLock:TableName"] = "app_locks",
            ["DistributedLock:CreateSchema"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging();

        services.AddDistributedLock(configuration.GetSection("DistributedLock"));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DistributedLockOptions>>().Value;
        Assert.Equal("PostgreSql", options.Provider);
        Assert.Equal("Host=localhost;Database=app", options.ConnectionString);
        Assert.Equal(TimeSpan.FromMinutes(1), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(20), options.RenewInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryDelay);
        Assert.Equal("stock-2", options.OwnerId);
        Assert.Equal("app_locks", options.TableName);
        Assert.False(options.CreateSchema);
        Assert.Equal("stock-2", provider.GetRequiredService<DistributedLock>().OwnerId);
    }

    [Fact]
    public async Task AddDistributedLock_MissingConnectionString_HostFailsOnStart()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDistributedLock(_ => { });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDistributedLock_RegisteredTimeProvider_IsUsed()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);

        services.AddDistributedLock(o => o.ConnectionString = "Data Source=locks.db");
        await using var provider = services.BuildServiceProvider();

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}
