namespace Transactions.Participants.Fence.Tests;

public sealed class TccFenceOptionsValidatorTests
{
    private readonly TccFenceOptionsValidator sut = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new TccFenceOptions();

        var result = sut.Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.Equal(TimeSpan.FromDays(7), options.Retention);
        Assert.Equal(TimeSpan.FromHours(1), options.CleanupInterval);
        Assert.Equal(1_000, options.CleanupBatchSize);
        Assert.True(options.CleanerEnabled);
    }

    [Theory]
    [InlineData(0, 3600, 1000, 100, "Retention")]
    [InlineData(-1, 3600, 1000, 100, "Retention")]
    [InlineData(86400, 0, 1000, 100, "CleanupInterval")]
    [InlineData(86400, 3600, 0, 100, "CleanupBatchSize")]
    [InlineData(86400, 3600, 100_001, 100, "CleanupBatchSize")]
    [InlineData(86400, 3600, 1000, 0, "MaxBatchesPerCleanup")]
    public void Validate_OutOfRangeValue_FailsNamingTheSetting(
        int retentionSeconds,
        int intervalSeconds,
        int batchSize,
        int maxBatches,
        string setting)
    {
        var options = new TccFenceOptions
        {
            Retention = TimeSpan.FromSeconds(retentionSeconds),
            CleanupInterval = TimeSpan.FromSeconds(intervalSeconds),
            CleanupBatchSize = batchSize,
            MaxBatchesPerCleanup = maxBatches,
        };

        var result = sut.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"TccFenceOptions.{setting}", result.FailureMessage, StringComparison.Ordinal);
    }
}
