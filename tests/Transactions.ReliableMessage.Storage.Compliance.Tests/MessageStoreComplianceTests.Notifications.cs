using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Transactions.ReliableMessage.Notifications;

namespace Transactions.ReliableMessage.Storage.Compliance.Tests;

/// <summary>The contract of <see cref="INotificationStore"/> (<c>rm_notifications</c>), on the same fresh databases.</summary>
public abstract partial class MessageStoreComplianceTests
{
    private INotificationStore Notifications => new EfNotificationStore(_services!.GetRequiredService<IDbContextFactory<MessageDbContext>>());

    [StoreFact]
    public async Task Notification_Create_StoresItPendingWithItsBodyAndToken()
    {
        var store = Notifications;
        var body = new byte[] { 123, 34, 0, 255, 10 };

        var (created, isNew) = await store.CreateAsync(NewNotification("k-1", body), default);
        var found = await store.FindAsync(created.NotificationId, default);

        Assert.True(isNew);
        Assert.NotNull(found);
        Assert.Equal(NotificationStatus.Pending, found.Status);
        Assert.Equal(body, found.Body);
        Assert.Equal(created.QueryToken, found.QueryToken);
        Assert.Equal(T0, found.NextAttemptUnixMs);
    }

    [StoreFact]
    public async Task Notification_SameKeyTwice_ReturnsTheFirstAndStoresOneRow()
    {
        var store = Notifications;
        var (first, _) = await store.CreateAsync(NewNotification("k-2"), default);

        var (again, isNew) = await store.CreateAsync(NewNotification("k-2"), default);
        var (otherApp, otherIsNew) = await store.CreateAsync(NewNotification("k-2", applicationId: "other-app"), default);

        Assert.False(isNew);
        Assert.Equal(first.NotificationId, again.NotificationId);
        Assert.Equal(first.QueryToken, again.QueryToken);
        Assert.True(otherIsNew);
        Assert.NotEqual(first.NotificationId, otherApp.NotificationId);
        Assert.Equal(2, (await store.ListAsync(new NotificationQuery(null, null, null, 100), default)).Count);
    }

    [StoreFact]
    public async Task Notification_Claim_LeasesDueRowsOnceUntilTheLeaseExpires()
    {
        var store = Notifications;
        var (due, _) = await store.CreateAsync(NewNotification("due"), default);
        var later = NewNotification("later");
        later.NextAttemptUnixMs = T0 + 60_000;
        await store.CreateAsync(later, default);

        var claimedByA = await store.ClaimDueAsync(A, T0 + 1, T0 + 30_000, 10, default);
        var claimedByB = await store.ClaimDueAsync(B, T0 + 2, T0 + 30_000, 10, default);
        var afterExpiry = await store.ClaimDueAsync(B, T0 + 30_001, T0 + 60_000, 10, default);

        Assert.Equal(due.NotificationId, Assert.Single(claimedByA).NotificationId);
        Assert.Equal(A, claimedByA[0].LeaseOwner);
        Assert.Empty(claimedByB);
        Assert.Equal(due.NotificationId, Assert.Single(afterExpiry).NotificationId);
    }

    [StoreFact]
    public async Task Notification_SaveAttempt_OnlyByTheLeaseHolder_ThenFailedAndRetriedWithAFreshSchedule()
    {
        var store = Notifications;
        var (n, _) = await store.CreateAsync(NewNotification("k-3"), default);
        await store.ClaimDueAsync(A, T0, T0 + 30_000, 10, default);

        var byOther = await store.SaveAttemptAsync(new NotificationAttempt(n.NotificationId, B, NotificationStatus.Acknowledged, 1, null, 200, null, T0 + 5), default);
        var byHolder = await store.SaveAttemptAsync(new NotificationAttempt(n.NotificationId, A, NotificationStatus.Failed, 1, null, 500, "HTTP 500", T0 + 10), default);
        var failed = await store.FindAsync(n.NotificationId, default);
        var listed = await store.ListAsync(new NotificationQuery(NotificationStatus.Failed, "shop", null, 10), default);
        var retried = await store.RetryAsync(n.NotificationId, T0 + 20, default);
        var retriedAgain = await store.RetryAsync(n.NotificationId, T0 + 30, default);

        Assert.False(byOther);
        Assert.True(byHolder);
        Assert.Equal((NotificationStatus.Failed, 1, 500, "HTTP 500", (long?)(T0 + 10), (string?)null), (failed!.Status, failed.Attempts, failed.LastStatusCode, failed.LastError, failed.CompletedUnixMs, failed.LeaseOwner));
        Assert.Equal(n.NotificationId, Assert.Single(listed).NotificationId);
        Assert.Empty(listed[0].Body); // listings leave bodies in the database
        Assert.Equal((NotificationStatus.Pending, 1, 1, (long?)(T0 + 20)), (retried!.Status, retried.Attempts, retried.AttemptsAtRetry, retried.NextAttemptUnixMs));
        Assert.Equal((NotificationStatus.Pending, (long?)(T0 + 20)), (retriedAgain!.Status, retriedAgain.NextAttemptUnixMs));
        Assert.Null(await store.RetryAsync(424_242, T0, default));
    }

    [StoreFact]
    public async Task Notification_ReleaseEarlierRunsLeases_FreesOnlyThatInstancesOtherRuns()
    {
        var store = Notifications;
        var (mine, _) = await store.CreateAsync(NewNotification("mine"), default);
        await store.ClaimDueAsync("node-1/run-1", T0, T0 + 30_000, 10, default);
        var (theirs, _) = await store.CreateAsync(NewNotification("theirs"), default);
        await store.ClaimDueAsync("node-2/run-1", T0, T0 + 30_000, 10, default);

        var released = await store.ReleaseEarlierRunsLeasesAsync("node-1/", "node-1/run-2", T0 + 1, default);
        var reclaimed = await store.ClaimDueAsync("node-1/run-2", T0 + 2, T0 + 30_000, 10, default);

        Assert.Equal(1, released);
        Assert.Equal(mine.NotificationId, Assert.Single(reclaimed).NotificationId);
        Assert.Equal("node-2/run-1", (await store.FindAsync(theirs.NotificationId, default))!.LeaseOwner);
    }

    [StoreFact]
    public async Task Notification_DeleteAcknowledged_OnlyOldAcknowledgedOnesGo_AtMostMaxCountPerCall()
    {
        var store = Notifications;
        var old = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            old.Add((await store.CreateAsync(InState($"old-ack-{i}", NotificationStatus.Acknowledged, T0), default)).Notification.NotificationId);
        }

        var kept = new[]
        {
            (await store.CreateAsync(InState("young-ack", NotificationStatus.Acknowledged, T0 + 1_000), default)).Notification.NotificationId,
            (await store.CreateAsync(InState("old-failed", NotificationStatus.Failed, T0), default)).Notification.NotificationId,
            (await store.CreateAsync(InState("old-pending", NotificationStatus.Pending, T0), default)).Notification.NotificationId,
        };

        Assert.Equal(2, await store.DeleteAcknowledgedAsync(T0 + 1_000, 2, default));
        Assert.Equal(1, await store.DeleteAcknowledgedAsync(T0 + 1_000, 2, default));
        Assert.Equal(0, await store.DeleteAcknowledgedAsync(T0 + 1_000, 2, default));

        foreach (var id in old)
        {
            Assert.Null(await store.FindAsync(id, default));
        }

        foreach (var id in kept)
        {
            Assert.NotNull(await store.FindAsync(id, default));
        }
    }

    private Notification InState(string key, NotificationStatus status, long updatedUnixMs)
    {
        var notification = NewNotification(key);
        notification.Status = status;
        notification.UpdatedUnixMs = updatedUnixMs;
        notification.NextAttemptUnixMs = status == NotificationStatus.Pending ? updatedUnixMs : null;
        return notification;
    }

    private Notification NewNotification(string key, byte[]? body = null, string applicationId = "shop") => new()
    {
        NotificationId = ++_nextId,
        ApplicationId = applicationId,
        IdempotencyKey = key,
        Url = "https://merchant.example/callback",
        Body = body ?? [1, 2, 3],
        ContentType = "application/json",
        QueryToken = Guid.NewGuid().ToString("N"),
        Status = NotificationStatus.Pending,
        NextAttemptUnixMs = T0,
        CreatedUnixMs = T0,
        UpdatedUnixMs = T0,
    };
}
