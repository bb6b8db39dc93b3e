using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Transactions.Participants.Tests.Samples;

namespace Transactions.Participants.Tests.Configuration;

public sealed class TransactionsOptionsTests
{
    [Fact]
    public void Value_MissingCoordinatorAndApplication_FailsNamingBoth()
    {
        using var provider = new ServiceCollection().AddTransactions(_ => { }).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TransactionsOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("CoordinatorAddress is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ApplicationId is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Value_TccParticipantWithoutEndpoint_FailsNamingTheActions()
    {
        var services = new ServiceCollection();
        services.AddTransactions(o =>
        {
            o.CoordinatorAddress = "http://coordinator:5300";
            o.ApplicationId = "stock";
        });
        services.AddTccParticipant<IReservations, Reservations>();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TransactionsOptions>>().Value);

        Assert.Contains("ParticipantEndpoint is required: this service has TCC actions (reserve)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_OutOfRangeSettings_FailNamingEach()
    {
        using var provider = new ServiceCollection().AddTransactions(o =>
        {
            o.CoordinatorAddress = "ftp://coordinator";
            o.ApplicationId = "app";
            o.CoordinatorMaxRetries = 101;
            o.DefaultTimeout = TimeSpan.Zero;
            o.ParticipantPath = "no-slash";
        }).Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TransactionsOptions>>().Value);

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("CoordinatorAddress", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("CoordinatorMaxRetries", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("DefaultTimeout", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ParticipantPath", StringComparison.Ordinal));
    }

    [Fact]
    public void AddTransactions_FromConfiguration_BindsTheSectionThenAppliesTheDelegate()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transactions:CoordinatorAddress"] = "http://coordinator:5300",
            ["Transactions:ApplicationId"] = "points",
            ["Transactions:ParticipantEndpoint"] = "http://points:8080",
            ["Transactions:ParticipantProtocol"] = "HttpJson",
            ["Transactions:DefaultTimeout"] = "00:00:15",
        }).Build();
        using var provider = new ServiceCollection()
            .AddTransactions(configuration.GetSection(TransactionsDefaults.SectionName), o => o.CoordinatorMaxRetries = 7)
            .Services.BuildServiceProvider();

        var sut = provider.GetRequiredService<IOptions<TransactionsOptions>>().Value;

        Assert.Equal(("points", ParticipantProtocol.HttpJson, TimeSpan.FromSeconds(15), 7), (sut.ApplicationId, sut.ParticipantProtocol, sut.DefaultTimeout, sut.CoordinatorMaxRetries));
        Assert.Equal("http://points:8080/transactions/participant", sut.GetRegisteredEndpoint());
    }

    [Fact]
    public async Task HostStart_InvalidOptions_FailsAtStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddTransactions(o => o.ApplicationId = "app");
        using var host = builder.Build();

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var sut = new TransactionsOptions();

        Assert.Equal(ParticipantProtocol.Grpc, sut.ParticipantProtocol);
        Assert.Equal("/transactions/participant", sut.ParticipantPath);
        Assert.Equal(TimeSpan.FromSeconds(60), sut.DefaultTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), sut.CoordinatorCallTimeout);
        Assert.Equal(3, sut.CoordinatorMaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(200), sut.CoordinatorRetryDelay);
        Assert.False(sut.CommitReturnsAfterDecision);
        Assert.False(sut.AllowTryOutsideTransaction);
    }

    [Theory]
    [InlineData(ParticipantProtocol.Grpc, "http://stock:5001/", "http://stock:5001")]
    [InlineData(ParticipantProtocol.HttpJson, "http://stock:8080", "http://stock:8080/transactions/participant")]
    public void GetRegisteredEndpoint_ByProtocol(ParticipantProtocol protocol, string endpoint, string expected)
    {
        var sut = new TransactionsOptions { ParticipantEndpoint = endpoint, ParticipantProtocol = protocol };

        Assert.Equal(expected, sut.GetRegisteredEndpoint());
    }

    [Fact]
    public void GetEffectiveResourceId_NoResourceId_IsTheApplicationId()
    {
        Assert.Equal("stock", new TransactionsOptions { ApplicationId = "stock" }.GetEffectiveResourceId());
        Assert.Equal("stock-eu", new TransactionsOptions { ApplicationId = "stock", ResourceId = "stock-eu" }.GetEffectiveResourceId());
    }
}
