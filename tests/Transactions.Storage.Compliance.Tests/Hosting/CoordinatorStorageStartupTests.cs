using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Transactions.Coordinator.Domain;
using Transactions.Coordinator.Storage;
using Xunit;

namespace Transactions.Storage.Compliance.Tests.Hosting;

/// <summary>Options validation and start-up migration of <c>AddCoordinatorStorage</c>, as a host runs them.</summary>
public sealed class CoordinatorStorageStartupTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tx-storage-startup-{Guid.NewGuid():N}");

    [Fact]
    public async Task StartAsync_EmptyConnectionString_ThrowsNamingTheSetting()
    {
        using var sut = BuildHost(new() { ["Storage:Provider"] = "PostgreSql", ["Storage:ConnectionString"] = "" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sut.StartAsync());

        Assert.Contains("Storage:ConnectionString", error.Message);
    }

    [Fact]
    public async Task StartAsync_SqliteByDefault_CreatesTheDirectoryAndMigrates()
    {
        var file = Path.Combine(_directory, "data", "coordinator.db");
        using var sut = BuildHost(new() { ["Storage:ConnectionString"] = $"Data Source={file}" });

        await sut.StartAsync();
        var store = sut.Services.GetRequiredService<ITransactionStore>();
        var tx = new GlobalTransaction { Xid = 42, Name = "n", Status = GlobalStatus.Active, TimeoutMs = 1, CreatedUnixMs = 1, UpdatedUnixMs = 1, DeadlineUnixMs = 2 };
        var outcome = await store.BeginAsync(tx, new TransactionEvent { Xid = 42, Kind = TransactionEventKinds.Begun, Actor = "test" }, default);
        await sut.StopAsync();

        Assert.True(File.Exists(file));
        Assert.True(outcome.Created);
    }

    [Fact]
    public async Task StartAsync_PostgreSqlByDefault_DoesNotMigrateOrConnect()
    {
        // Nothing listens on port 1: a connection attempt would fail the start.
        using var sut = BuildHost(new() { ["Storage:Provider"] = "PostgreSql", ["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2" });

        await sut.StartAsync();
        await sut.StopAsync();

        Assert.False(sut.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorStorageOptions>>().Value.ShouldAutoMigrate);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, null, true)]
    [InlineData(StorageProvider.PostgreSql, null, false)]
    [InlineData(StorageProvider.SqlServer, null, false)]
    [InlineData(StorageProvider.Sqlite, false, false)]
    [InlineData(StorageProvider.PostgreSql, true, true)]
    public void ShouldAutoMigrate_ProviderAndSetting_FollowsTheProviderDefault(StorageProvider provider, bool? autoMigrate, bool expected)
    {
        var sut = new CoordinatorStorageOptions { Provider = provider, AutoMigrate = autoMigrate };

        Assert.Equal(expected, sut.ShouldAutoMigrate);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "Transactions.Coordinator.Migrations.Sqlite")]
    [InlineData(StorageProvider.PostgreSql, "Transactions.Coordinator.Migrations.PostgreSql")]
    [InlineData(StorageProvider.SqlServer, "Transactions.Coordinator.Migrations.SqlServer")]
    public void EffectiveMigrationsAssembly_NotSet_IsTheProvidersAssembly(StorageProvider provider, string expected)
    {
        var sut = new CoordinatorStorageOptions { Provider = provider };

        Assert.Equal(expected, sut.EffectiveMigrationsAssembly);
    }

    [Fact]
    public void Validate_NonPositiveCommandTimeout_ThrowsNamingTheSetting()
    {
        var sut = new CoordinatorStorageOptions { CommandTimeoutSeconds = 0 };

        var error = Assert.Throws<InvalidOperationException>(() => sut.Validate("Coordinator:Storage"));

        Assert.Contains("Coordinator:Storage:CommandTimeoutSeconds", error.Message);
    }

    [Fact]
    public void TunePostgreSql_SettingsAbsent_AddsAutoPrepareAndNoResetOnClose()
    {
        var tuned = CoordinatorDbContextOptionsBuilderExtensions.TunePostgreSql("Host=db;Database=c;Username=u");

        var sut = new Npgsql.NpgsqlConnectionStringBuilder(tuned);

        Assert.Equal(CoordinatorStorageDefaults.PostgreSqlMaxAutoPrepare, sut.MaxAutoPrepare);
        Assert.True(sut.NoResetOnClose);
        Assert.Equal("-c enable_seqscan=off", sut.Options);
    }

    [Fact]
    public void TunePostgreSql_OtherSessionOptionsGiven_AppendsSeqScanOff()
    {
        var tuned = CoordinatorDbContextOptionsBuilderExtensions.TunePostgreSql("Host=db;Options=-c statement_timeout=5000");

        var sut = new Npgsql.NpgsqlConnectionStringBuilder(tuned);

        Assert.Equal("-c statement_timeout=5000 -c enable_seqscan=off", sut.Options);
    }

    [Fact]
    public void TunePostgreSql_SettingsGiven_KeepsThem()
    {
        var tuned = CoordinatorDbContextOptionsBuilderExtensions.TunePostgreSql("Host=db;Max Auto Prepare=0;No Reset On Close=false;Options=-c enable_seqscan=on");

        var sut = new Npgsql.NpgsqlConnectionStringBuilder(tuned);

        Assert.Equal(0, sut.MaxAutoPrepare);
        Assert.False(sut.NoResetOnClose);
        Assert.Equal("-c enable_seqscan=on", sut.Options);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCoordinatorStorage(builder.Configuration.GetSection("Storage"));
        return builder.Build();
    }
}
