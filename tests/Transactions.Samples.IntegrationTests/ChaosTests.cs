using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Samples.Contracts.Orders;
using Samples.Demo.Client;
using Samples.Demo.Verification;
using Transactions.Samples.IntegrationTests.Infrastructure;
using Transactions.Testing;
using Xunit.Abstractions;

namespace Transactions.Samples.IntegrationTests;

/// <summary>
/// Chaos: the sample flow on PostgreSQL + Kafka under a steady order load while every part crashes in turn
/// (SIGKILL of the coordinator, each sample service and the reliable-message service, of the Kafka broker, and an
/// immediate PostgreSQL shutdown), each brought back after a few seconds. Then the business invariants are checked
/// on the settled system (stock, points and shipments agree with the confirmed orders; nothing lost, nothing twice),
/// and every answer a client was given is checked against the order's final state: created or accepted (201/202)
/// ends Confirmed, rolled back or unavailable (409/503) ends Cancelled or was never recorded; only a missing answer,
/// a 500 or an explicit "outcome unknown" (504) may end either way.
/// Clients pause 100 ms after an answer other than 201/202, as a real client backs off. Short by default (each fault
/// once, a few minutes); the long form repeats the schedule:
/// <c>TX_CHAOS_ROUNDS=10 TX_TEST_HANG_TIMEOUT=2h ./build.sh test --filter "FullyQualifiedName~ChaosTests"</c>.
/// </summary>
public sealed class ChaosTests(SampleSystemFixture system, ITestOutputHelper output) : IClassFixture<SampleSystemFixture>
{
    private const int Workers = 4;
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LoadBetweenFaults = TimeSpan.FromSeconds(4);

    [SamplesFact]
    public async Task Every_part_crashes_under_load_and_every_answer_matches_the_final_state()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("TX_CHAOS_ROUNDS"), out var r) && r > 0 ? r : 1;
        var client = system.Client;
        var run = Guid.NewGuid().ToString("N")[..8];
        // Enough of A for the whole run, B runs out: business rollbacks (409) mixed in.
        var initialStock = new Dictionary<string, int> { [$"CHAOS-A-{run}"] = 5_000 * rounds, [$"CHAOS-B-{run}"] = 40 * rounds };
        var users = Enumerable.Range(1, 6).Select(i => $"chaos{i}-{run}").ToList();
        foreach (var (sku, units) in initialStock)
        {
            await client.CreateProductAsync(sku, units);
        }

        foreach (var user in users)
        {
            await client.CreateAccountAsync(user);
        }

        var answers = new ConcurrentBag<Answer>();
        using var stop = new CancellationTokenSource();
        var skus = initialStock.Keys.ToList();
        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var request = new PlaceOrderRequest($"{run}-{w}-{i}", users[(w + i) % users.Count], skus[i % skus.Count], 1 + (i % 3));
                var answer = await PlaceAsync(client, request);
                answers.Add(answer);
                if (answer.Kind is not (AnswerKind.Confirmed or AnswerKind.Accepted))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100)); // as a client would: no hot loop on a failing service
                }
            }
        })).ToList();

        var stopwatch = Stopwatch.StartNew();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, crash, recover) in Faults())
            {
                await Task.Delay(LoadBetweenFaults);
                var before = answers.Count;
                await crash();
                await Task.Delay(Down);
                await recover();
                output.WriteLine($"{stopwatch.Elapsed:mm\\:ss} round {round}: {name} crashed and back; {answers.Count} answers ({answers.Count - before} during the fault)");
            }
        }

        await Task.Delay(LoadBetweenFaults);
        await stop.CancelAsync();
        await Task.WhenAll(load);
        output.WriteLine($"{answers.Count} orders in {stopwatch.Elapsed.TotalSeconds:0} s: " +
            string.Join(", ", answers.GroupBy(a => a.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} x {g.Count()}")));

        var (snapshot, report) = await ConsistencyCheck.WaitSettledAsync(
            ct => SnapshotAsync(client, initialStock.Keys.ToList(), users, ct),
            initialStock,
            TimeSpan.FromMinutes(5),
            TimeProvider.System,
            CancellationToken.None);
        Assert.True(report.Passed, Reports.Describe(report, snapshot, system.Stack));

        var finalByRequest = snapshot.Orders.ToDictionary(o => o.RequestId, StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var answer in answers)
        {
            var final = finalByRequest.GetValueOrDefault(answer.RequestId);
            var allowed = answer.Kind switch
            {
                AnswerKind.Confirmed or AnswerKind.Accepted => final?.Status == OrderStatus.Confirmed,
                AnswerKind.RolledBack or AnswerKind.Unavailable => final is null || final.Status == OrderStatus.Cancelled,
                AnswerKind.OutcomeUnknown or AnswerKind.NoAnswer or AnswerKind.ServerError => true,
                _ => false,
            };
            if (!allowed)
            {
                wrong.Add($"{answer.RequestId}: answered {answer.Kind} ({answer.Detail}), ended {final?.Status.ToString() ?? "absent"}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} answers contradict the final state:\n{string.Join('\n', wrong.Take(30))}");
        Assert.Contains(answers, a => a.Kind == AnswerKind.Confirmed);
        Assert.All(snapshot.Orders, o => Assert.Contains(answers, a => a.RequestId == o.RequestId));
        output.WriteLine($"settled: {snapshot.Orders.Count(o => o.Status == OrderStatus.Confirmed)} confirmed, " +
            $"{snapshot.Orders.Count(o => o.Status == OrderStatus.Cancelled)} cancelled, {snapshot.Shipments.Count} shipments; {report.Checks} invariants hold");
    }

    /// <summary>The crash schedule: each part once.</summary>
    private IEnumerable<(string Name, Func<Task> Crash, Func<Task> Recover)> Faults()
    {
        var stack = system.Stack;
        foreach (var process in new[] { stack.Coordinator, stack.Stock, stack.Points, stack.Order, stack.ReliableMessage, stack.Warehouse })
        {
            yield return (process.Name, () => Kill(process), () => RestartAsync(process));
        }

        yield return ("the Kafka broker", () => ScriptAsync("kafka.sh", "crash"), async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // ZooKeeper drops the dead broker's registration
            await ScriptAsync("kafka.sh", "recover");
        });
        yield return ("PostgreSQL", () => ScriptAsync("postgres.sh", "crash"), () => ScriptAsync("postgres.sh", "start"));
    }

    /// <summary>A snapshot, retried while a service still answers errors (its pooled connections to a restarted PostgreSQL fail once each).</summary>
    private static async Task<SystemSnapshot> SnapshotAsync(SampleClient client, IReadOnlyCollection<string> skus, IReadOnlyCollection<string> users, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ScopedSnapshots.TakeAsync(client, skus, users, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    private static Task Kill(ChildProcess process)
    {
        process.Kill();
        return Task.CompletedTask;
    }

    private static Task RestartAsync(ChildProcess process) => process.StartAsync(TimeSpan.FromMinutes(2), CancellationToken.None);

    private static async Task ScriptAsync(string script, string command)
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine("eng", "scripts", script), command], TestEnvironment.RepoRoot, TimeSpan.FromMinutes(3));
        Assert.True(result is { ExitCode: 0 }, $"{script} {command} failed: {result?.StandardOutput}{result?.StandardError}");
    }

    private static async Task<Answer> PlaceAsync(SampleClient client, PlaceOrderRequest request)
    {
        try
        {
            var result = await client.PlaceOrderAsync(request);
            var kind = result.StatusCode switch
            {
                HttpStatusCode.Created => AnswerKind.Confirmed,
                HttpStatusCode.Accepted => AnswerKind.Accepted,
                HttpStatusCode.Conflict => AnswerKind.RolledBack,
                HttpStatusCode.ServiceUnavailable => AnswerKind.Unavailable,
                HttpStatusCode.GatewayTimeout => AnswerKind.OutcomeUnknown,
                HttpStatusCode.InternalServerError => AnswerKind.ServerError,
                _ => AnswerKind.Unexpected,
            };
            return new Answer(request.RequestId!, kind, $"{(int)result.StatusCode} {result.Error}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            // The order service died with the request: the client has no answer.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            return new Answer(request.RequestId!, AnswerKind.NoAnswer, ex.GetType().Name);
        }
    }

    private enum AnswerKind
    {
        Confirmed,
        Accepted,
        RolledBack,
        Unavailable,
        OutcomeUnknown,
        ServerError,
        NoAnswer,
        Unexpected,
    }

    private sealed record Answer(string RequestId, AnswerKind Kind, string Detail);
}
