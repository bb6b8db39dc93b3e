using Transactions.Common.Cleanup;
using Transactions.ReliableMessage.Consumer.Inbox;
using Transactions.ReliableMessage.Producer.Barrier;

namespace Transactions.ReliableMessage.Tests.Cleanup;

/// <summary>The cleaners' safety rules as the validators enforce them: the windows, and ages that are refused.</summary>
public sealed class CleanerOptionsValidatorTests
{
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void BackCheckWindow_ServiceDefaults_Is26Minutes40Seconds()
    {
        // 30 s delay + backoffs 5+10+20+40+80+160+300+300+300 s + 10 x (5 s timeout + 30 s lease + 0.5 s poll).
        Assert.Equal(TimeSpan.FromSeconds(1600), new ServiceBackCheckSettings().Window());
    }

    [Fact]
    public void BarrierValidate_Defaults_Succeeds()
    {
        var sut = new RowCleanerOptionsValidator<MessageBarrierCleanerOptions>();

        Assert.True(sut.Validate(null, new MessageBarrierCleanerOptions()).Succeeded);
        Assert.Equal(TimeSpan.FromDays(30), new MessageBarrierCleanerOptions().Retention);
    }

    [Fact]
    public void BarrierValidate_RetentionAtTheMinimum_SucceedsAndOneMillisecondLessFails()
    {
        var sut = new RowCleanerOptionsValidator<MessageBarrierCleanerOptions>();
        var options = new MessageBarrierCleanerOptions();
        options.Retention = options.MinimumRetention();

        var atMinimum = sut.Validate(null, options);
        options.Retention -= OneMs;
        var below = sut.Validate(null, options);

        Assert.Equal(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1600), options.MinimumRetention());
        Assert.True(atMinimum.Succeeded);
        Assert.True(below.Failed);
        Assert.Contains("back-check window", below.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void BarrierValidate_ServiceChecksLongerThanTheRetention_Fails()
    {
        // A service that checks 1,000 times with up to an hour between checks keeps asking for ~41 days.
        var options = new MessageBarrierCleanerOptions();
        options.Service.MaxCheckAttempts = 1_000;
        options.Service.CheckRetryMaxBackoff = TimeSpan.FromHours(1);

        var result = new RowCleanerOptionsValidator<MessageBarrierCleanerOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Retention", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1_000, 100)]
    [InlineData(3_600, 0, 100)]
    [InlineData(3_600, 1_000, 0)]
    public void BarrierValidate_SharedSettingOutOfRange_Fails(int intervalSeconds, int batchSize, int maxBatches)
    {
        var options = new MessageBarrierCleanerOptions
        {
            CleanupInterval = TimeSpan.FromSeconds(intervalSeconds),
            CleanupBatchSize = batchSize,
            MaxBatchesPerCleanup = maxBatches,
        };

        Assert.True(new RowCleanerOptionsValidator<MessageBarrierCleanerOptions>().Validate(null, options).Failed);
    }

    [Fact]
    public void RedeliveryWindow_ServiceDefaults_IsTheScheduleAndATakeoverPerDelivery()
    {
        // 1 + 5 + 10 + 30 + 60 min + 5 x (30 s lease + 0.5 s poll).
        Assert.Equal(TimeSpan.FromMinutes(106) + TimeSpan.FromSeconds(152.5), new ServiceRedeliverySettings().Window());
    }

    [Fact]
    public void InboxValidate_Defaults_Succeeds()
    {
        Assert.True(new RowCleanerOptionsValidator<MessageInboxCleanerOptions>().Validate(null, new MessageInboxCleanerOptions()).Succeeded);
        Assert.Equal(TimeSpan.FromDays(14), new MessageInboxCleanerOptions().Retention);
    }

    [Fact]
    public void InboxValidate_RetentionAtTheMinimum_SucceedsAndOneMillisecondLessFails()
    {
        var sut = new RowCleanerOptionsValidator<MessageInboxCleanerOptions>();
        var options = new MessageInboxCleanerOptions();
        options.Retention = options.MinimumRetention();

        var atMinimum = sut.Validate(null, options);
        options.Retention -= OneMs;
        var below = sut.Validate(null, options);

        Assert.Equal(TimeSpan.FromDays(8) + new ServiceRedeliverySettings().Window(), options.MinimumRetention());
        Assert.True(atMinimum.Succeeded);
        Assert.True(below.Failed);
        Assert.Contains("redelivery window", below.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void InboxValidate_TopicsKeptLongerThanTheRetention_Fails()
    {
        var options = new MessageInboxCleanerOptions { MaxDeliveryLag = TimeSpan.FromDays(14) };

        Assert.True(new RowCleanerOptionsValidator<MessageInboxCleanerOptions>().Validate(null, options).Failed);
    }

    [Fact]
    public void InboxValidate_LongerRedeliverySchedule_RaisesTheMinimum()
    {
        var options = new MessageInboxCleanerOptions { MaxDeliveryLag = TimeSpan.Zero, Retention = TimeSpan.FromDays(3) };
        options.Service.RedeliverySchedule = [TimeSpan.FromDays(1), TimeSpan.FromDays(2)];

        var result = new RowCleanerOptionsValidator<MessageInboxCleanerOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(TimeSpan.FromDays(4) + TimeSpan.FromSeconds(61), options.MinimumRetention());
    }
}
