using System.Globalization;
using System.Text.Json;
using Transactions.Coordinator.IntegrationTests.Infrastructure;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Webhooks;
using Xunit;

namespace Transactions.Coordinator.IntegrationTests.Jobs;

/// <summary>
/// Operator alerts from a real coordinator process (SQLite and PostgreSQL, Hangfire on each): a transaction pushed past
/// the needs-attention threshold produces one signed webhook call to a real HTTP receiver; a receiver that answers 500
/// gets the same alert again after the retry delay.
/// </summary>
[Trait("Requires", "PostgreSQL")]
public sealed class OperatorAlertTests : IAsyncLifetime
{
    private const string Secret = "alerts-shared-secret-0123456789";
    private readonly List<IAsyncDisposable> _owned = [];
    private TestParticipant _stock = null!;
    private TestParticipant _points = null!;

    public async Task InitializeAsync()
    {
        _stock = await TestParticipant.StartAsync("stock");
        _points = await TestParticipant.StartAsync("points");
        _owned.AddRange([_stock, _points]);
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_owned))
        {
            await item.DisposeAsync();
        }
    }

    [PostgresTheory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task TransactionFlaggedNeedsAttention_OneSignedAlertWithItsStateAndConsoleLink(string provider)
    {
        var receiver = await StartReceiverAsync();
        var coordinator = await StartCoordinatorAsync(provider, receiver);
        _points.Broken = true;

        var xid = await CommitStuckTransactionAsync(coordinator);
        await WaitForCallsAsync(receiver, 1, coordinator);
        await Task.Delay(TimeSpan.FromSeconds(3)); // several more sweeps and rounds: nothing more may come

        var call = Assert.Single(receiver.Calls);
        Assert.Equal("/alerts/ops", call.Path);
        Assert.True(WebhookReceiver.SignedWith(call, Secret), "the signature verifies with the webhook's secret");
        Assert.False(WebhookReceiver.SignedWith(call, Secret + "-other"), "and not with another");
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        var alert = JsonDocument.Parse(call.Body).RootElement;
        var id = xid.ToString(CultureInfo.InvariantCulture);
        Assert.Equal("transaction.needs-attention", alert.GetProperty("event").GetString());
        Assert.Equal("coordinator", alert.GetProperty("service").GetString());
        Assert.Equal("transaction", alert.GetProperty("subject").GetString());
        Assert.Equal(id, alert.GetProperty("id").GetString());
        Assert.Equal("Committing", alert.GetProperty("state").GetString());
        Assert.Contains("points", alert.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal($"http://console.example/console/#/transactions/{id}", alert.GetProperty("consoleUrl").GetString());
        Assert.StartsWith("coordinator-", alert.GetProperty("alertId").GetString(), StringComparison.Ordinal);
        Assert.True(alert.GetProperty("ageSeconds").GetInt64() >= 0);
    }

    [PostgresFact]
    public async Task ReceiverAnswers500First_GetsTheSameAlertAgainAfterTheRetryDelay()
    {
        var receiver = await StartReceiverAsync(500, 200);
        var coordinator = await StartCoordinatorAsync("PostgreSql", receiver);
        _points.Broken = true;

        await CommitStuckTransactionAsync(coordinator);
        await WaitForCallsAsync(receiver, 2, coordinator);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(2, receiver.Calls.Count);
        var (first, second) = (receiver.Calls[0], receiver.Calls[1]);
        Assert.All(receiver.Calls, c => Assert.True(WebhookReceiver.SignedWith(c, Secret)));
        Assert.Equal(AlertId(first), AlertId(second));
        Assert.Equal(first.Body, second.Body);
        // Hangfire keeps a scheduled job's time in whole seconds, so a 2 s delay is between 1 and 2 s.
        Assert.True(second.At - first.At >= TimeSpan.FromMilliseconds(900), $"retried after {(second.At - first.At).TotalMilliseconds:F0} ms (delay 2 s)");
        Assert.Contains("(attempt 1: HTTP 500); next attempt in", coordinator.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForCallsAsync(WebhookReceiver receiver, int count, CoordinatorProcess coordinator)
    {
        try
        {
            await Eventually.WaitAsync(() => Task.FromResult(receiver.Calls.Count >= count), TimeSpan.FromSeconds(60), $"{count} alert call(s)");
        }
        catch (TimeoutException ex)
        {
            var lines = coordinator.Output.Split('\n').Where(l => l.Contains("Alert", StringComparison.OrdinalIgnoreCase) || l.Contains("Hangfire", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
            var tail = string.Join('\n', lines.Where(l => !l.Contains("handled 0 rows", StringComparison.Ordinal)).TakeLast(60));
            throw new TimeoutException($"{ex.Message}; the receiver got {receiver.Calls.Count}. Coordinator's last lines:\n{tail}", ex);
        }
    }

    private static string? AlertId(ReceivedWebhook call) => JsonDocument.Parse(call.Body).RootElement.GetProperty("alertId").GetString();

    private async Task<WebhookReceiver> StartReceiverAsync(params int[] script)
    {
        var receiver = await WebhookReceiver.StartAsync(script);
        _owned.Add(receiver);
        return receiver;
    }

    private async Task<CoordinatorProcess> StartCoordinatorAsync(string provider, WebhookReceiver receiver)
    {
        string connectionString;
        if (provider == "PostgreSql")
        {
            var database = await PostgresDatabase.CreateAsync("tx_alerts");
            _owned.Add(database);
            connectionString = database.ConnectionString;
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-alerts-{Guid.NewGuid():N}.db")}";
        }

        var coordinator = await CoordinatorProcess.StartAsync(provider, connectionString, new Dictionary<string, string>
        {
            ["Coordinator__Phase2InitialBackoff"] = "00:00:00.200",
            ["Coordinator__Phase2MaxBackoff"] = "00:00:00.500",
            ["Coordinator__NeedsAttentionAfterRounds"] = "2",
            ["Jobs__PollingInterval"] = "00:00:00.200",
            ["Jobs__Alerts__SweepCron"] = "* * * * * *",
            ["Jobs__Alerts__SettleTime"] = "00:00:00",
            ["Jobs__Alerts__RetryDelays__0"] = "00:00:02",
            ["Jobs__Alerts__RetryDelays__1"] = "00:00:02",
            ["Jobs__Alerts__ConsoleBaseUrl"] = "http://console.example/console/",
            ["Jobs__Alerts__Webhooks__0__Name"] = "ops",
            ["Jobs__Alerts__Webhooks__0__Url"] = receiver.UrlOf("/alerts/ops"),
            ["Jobs__Alerts__Webhooks__0__Secret"] = Secret,
            ["Jobs__Alerts__Webhooks__0__Events__0"] = "transaction.needs-attention",
        });
        _owned.Add(coordinator);
        return coordinator;
    }

    private async Task<long> CommitStuckTransactionAsync(CoordinatorProcess coordinator)
    {
        var xid = (await coordinator.Tm.BeginAsync(new BeginRequest { Name = "place-order", TimeoutMs = 120_000, ApplicationId = "orders" })).Xid;
        foreach (var participant in new[] { _stock, _points })
        {
            await coordinator.Rm.RegisterBranchAsync(new RegisterBranchRequest
            {
                Xid = xid,
                ResourceId = participant.Name,
                ActionName = "freeze",
                BranchType = BranchType.Tcc,
                ParticipantEndpoint = participant.GrpcEndpoint,
                Protocol = ParticipantProtocol.Grpc,
                ActionContext = "{}",
            });
        }

        var commit = await coordinator.Tm.CommitAsync(new CommitRequest { Xid = xid, ReturnAfterDecision = true });
        Assert.Equal(GlobalStatus.Committing, commit.Status);
        return xid;
    }
}
