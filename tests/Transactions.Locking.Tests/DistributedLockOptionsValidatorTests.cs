namespace Transactions.Locking.Tests;

public sealed class DistributedLockOptionsValidatorTests
{
    private readonly DistributedLockOptionsValidator _sut = new();

    [Fact]
    public void Validate_DefaultsWithConnectionString_Succeeds()
    {
        var result = _sut.Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_Defaults_DocumentedValues()
    {
        var options = new DistributedLockOptions();

        Assert.Equal("Sqlite", options.Provider);
        Assert.Equal(string.Empty, options.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RenewInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.RetryDelay);
        Assert.Null(options.OwnerId);
        Assert.Equal("distributed_locks", options.TableName);
        Assert.True(options.CreateSchema);
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("SQLITE")]
    [InlineData("sqlserver")]
    public void Validate_ProviderAnyCase_Succeeds(string provider)
    {
        var options = Valid();
        options.Provider = provider;

        Assert.True(_sut.Validate(null, options).Succeeded);
    }

    public static TheoryData<string, Action<DistributedLockOptions>> InvalidCases => new()
    {
        { "Provider", o => o.Provider = "Oracle" },
        { "ConnectionString", o => o.ConnectionString = " " },
        { "LeaseDuration", o => o.LeaseDuration = TimeSpan.FromMilliseconds(500) },
        { "LeaseDuration", o => o.LeaseDuration = TimeSpan.FromDays(2) },
        { "RenewInterval", o => o.RenewInterval = TimeSpan.Zero },
        { "RenewInterval", o => o.RenewInterval = o.LeaseDuration },
        { "RetryDelay", o => o.RetryDelay = TimeSpan.Zero },
        { "RetryDelay", o => o.RetryDelay = TimeSpan.FromMinutes(2) },
        { "OwnerId", o => o.OwnerId = string.Empty },
        { "OwnerId", o => o.OwnerId = "a/b" },
        { "OwnerId", o => o.OwnerId = new string('x', 201) },
        { "TableName", o => o.TableName = "locks; DROP TABLE users" },
        { "TableName", o => o.TableName = "1locks" },
        { "TableName", o => o.TableName = "a.b.c" },
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Validate_InvalidValue_FailsNamingTheProperty(string property, Action<DistributedLockOptions> change)
    {
        var options = Valid();
        change(options);

        var result = _sut.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"DistributedLockOptions.{property}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SchemaQualifiedTableName_Succeeds()
    {
        var options = Valid();
        options.TableName = "locks.distributed_locks";

        Assert.True(_sut.Validate(null, options).Succeeded);
    }

    private static DistributedLockOptions Valid() => new() { ConnectionString = "Data Source=locks.db" };
}
