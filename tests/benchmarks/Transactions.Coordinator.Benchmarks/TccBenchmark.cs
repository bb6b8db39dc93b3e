using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Transactions.Coordinator.Benchmarks.Bank;
using Transactions.Protocol.V1;
using Transactions.Testing;
using Transactions.Testing.Benchmarking;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>
/// N global transactions with 2 TCC branches through a real coordinator process, against a baseline of the
/// same participant calls made directly (Try on each, then Confirm on both in parallel), alternated in the same
/// run; medians over several runs. Two scenarios: no-op branches called with raw gRPC (the coordinator's own
/// cost), and a bank whose participants are written with the SDK and its fence (what a service sees).
/// </summary>
public static class TccBenchmark
{
    /// <summary>Npgsql settings of the coordinator's and the bank participant's connections (statement preparation, no reset per pool return).</summary>
    private const string TunedNpgsql = "Max Auto Prepare=20;No Reset On Close=true";

    /// <summary>Runs the benchmark for every provider asked for; returns the process exit code.</summary>
    public static async Task<int> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        await using var p1 = await NoOpParticipant.StartAsync();
        await using var p2 = await NoOpParticipant.StartAsync();
        output.WriteLine($"TCC benchmark: {options.Transactions} transactions x {options.Runs} runs, concurrency {options.Concurrency}, 2 branches, scenarios {string.Join(",", options.Scenarios)}, {Environment.ProcessorCount} cores");
        foreach (var provider in options.Providers)
        {
            PostgresDatabase? database = null;
            SqlCounters? counters = null;
            string providerName, connectionString;
            if (provider == "postgres")
            {
                if (TestEnvironment.PostgresConnectionString is null)
                {
                    output.WriteLine($"postgres: skipped, {TestEnvironment.PostgresVariable} is not set (./build.sh bench sets it)");
                    continue;
                }

                database = await PostgresDatabase.CreateAsync("tx_bench");
                providerName = "PostgreSql";
                connectionString = database.ConnectionString + ";" + TunedNpgsql;
                counters = await SqlCounters.CreateAsync(database.ConnectionString, database.Name);
            }
            else
            {
                providerName = "Sqlite";
                connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"tx-bench-{Guid.NewGuid():N}.db")}";
            }

            try
            {
                var settings = new Dictionary<string, string> { ["Serilog__MinimumLevel__Default"] = "Warning" };
                foreach (var (name, value) in PassThroughEnvironment.Read("BENCH_COORDINATOR_"))
                {
                    settings[name] = value;
                }

                await using var coordinator = await CoordinatorProcess.StartAsync(providerName, connectionString, settings);
                if (options.Scenarios.Contains("noop"))
                {
                    await RunNoOpAsync(provider, coordinator, p1, p2, counters, options, output);
                }

                if (options.Scenarios.Contains("bank") && provider == "postgres")
                {
                    await RunBankAsync(coordinator, counters, options, output);
                }
            }
            finally
            {
                if (database is not null)
                {
                    await database.DisposeAsync();
                }
            }
        }

        return 0;
    }

    private static async Task RunNoOpAsync(
        string provider, CoordinatorProcess coordinator, NoOpParticipant p1, NoOpParticipant p2, SqlCounters? counters, BenchmarkOptions options, TextWriter output)
    {
        using var c1 = GrpcChannel.ForAddress(p1.Address);
        using var c2 = GrpcChannel.ForAddress(p2.Address);
        var (tm, rm) = (coordinator.Tm, coordinator.Rm);
        var participants = new[] { (Channel: c1.CreateCallInvoker(), Address: p1.Address, Name: "p1"), (Channel: c2.CreateCallInvoker(), Address: p2.Address, Name: "p2") };

        async Task Baseline(int i)
        {
            foreach (var p in participants)
            {
                await p.Channel.AsyncUnaryCall(NoOpParticipantService.TryMethod, null, default, new BranchActionRequest { Xid = i, BranchId = i, ActionName = "try" });
            }

            await Task.WhenAll(participants.Select(p => p.Channel.AsyncUnaryCall(NoOpParticipantService.ConfirmMethod, null, default, new BranchActionRequest { Xid = i, BranchId = i, ActionName = "try" }).ResponseAsync));
        }

        async Task Global(int i)
        {
            var xid = (await tm.BeginAsync(new BeginRequest { Name = "bench", TimeoutMs = 60_000 })).Xid;
            foreach (var p in participants)
            {
                var branch = await rm.RegisterBranchAsync(new RegisterBranchRequest
                {
                    Xid = xid,
                    ResourceId = p.Name,
                    ActionName = "try",
                    BranchType = BranchType.Tcc,
                    ParticipantEndpoint = p.Address,
                    Protocol = ParticipantProtocol.Grpc,
                });
                await p.Channel.AsyncUnaryCall(NoOpParticipantService.TryMethod, null, default, new BranchActionRequest { Xid = xid, BranchId = branch.BranchId, ActionName = "try" });
            }

            var commit = await tm.CommitAsync(new CommitRequest { Xid = xid });
            if (commit.Status != GlobalStatus.Committed)
            {
                throw new InvalidOperationException($"xid {xid} ended {commit.Status}");
            }
        }

        await ProbeStepsAsync(tm, rm, participants[0].Address, output);
        CpuGroup[] groups = [CpuGroup.Process("coordinator", coordinator.ProcessId), CpuGroup.Named("PostgreSQL", "postgres"), CpuGroup.ThisProcess("load generator + participants")];
        await MeasureAsync(provider, coordinator, Baseline, Global, provider == "postgres" ? groups : [groups[0], groups[2]], counters, options, output);
    }

    /// <summary>
    /// The bank scenario: the participants are a service written with the SDK and its EF Core fence on PostgreSQL
    /// (its own process), called over HTTP by a client that uses the SDK's transaction manager and XID propagation.
    /// </summary>
    private static async Task RunBankAsync(CoordinatorProcess coordinator, SqlCounters? counters, BenchmarkOptions options, TextWriter output)
    {
        await using var database = await PostgresDatabase.CreateAsync("tx_bench_bank");
        await using var bank = await BankParticipantProcess.StartAsync(database.ConnectionString + ";" + TunedNpgsql, coordinator.GrpcAddress);
        await using var client = await BankClient.StartAsync(coordinator.GrpcAddress, bank.HttpAddress);
        output.WriteLine($"  bank scenario: a transfer = Try withdraw + Try deposit over HTTP (SDK participants, EF Core fence, each phase UPDATE + INSERT/UPDATE on PostgreSQL), {BankParticipantHost.Accounts} accounts");
        CpuGroup[] groups = [CpuGroup.Process("coordinator", coordinator.ProcessId), CpuGroup.Named("PostgreSQL", "postgres"), CpuGroup.Process("participants", bank.ProcessId), CpuGroup.ThisProcess("load generator")];
        await MeasureAsync("postgres bank", coordinator, client.BaselineAsync, client.TransferAsync, groups, counters, options, output);
    }

    /// <summary>Warm-up, then runs of the baseline and the coordinated variant alternated; per-run lines and a RESULT line with medians.</summary>
    private static async Task MeasureAsync(
        string label, CoordinatorProcess coordinator, Func<int, Task> baseline, Func<int, Task> global, CpuGroup[] groups, SqlCounters? counters, BenchmarkOptions options, TextWriter output)
    {
        // Two alternated warm-up rounds per side: a participant process keeps compiling (tier-1 JIT) well into the
        // first round, which measured its baseline 30% low in the first of five runs.
        for (var round = 0; round < 2; round++)
        {
            await LoadRunner.RunAsync("warmup-baseline", options.Warmup, options.Concurrency, baseline);
            await LoadRunner.RunAsync("warmup-coordinator", options.Warmup, options.Concurrency, global);
        }

        var baselines = new List<LoadResult>();
        var globals = new List<LoadResult>();
        var cpu = new List<IReadOnlyList<(string Name, double Ms)>>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var baselineCpu = CpuSplit.Start(groups);
            var b = await LoadRunner.RunAsync("baseline", options.Transactions, options.Concurrency, baseline);
            var bCpu = baselineCpu.PerOperationMs(options.Transactions);
            if (counters is not null)
            {
                await counters.StartAsync();
            }

            var globalCpu = CpuSplit.Start(groups);
            var g = await LoadRunner.RunAsync("coordinator", options.Transactions, options.Concurrency, global);
            var gCpu = globalCpu.PerOperationMs(options.Transactions);
            var sql = counters is null ? null : await counters.ReportAsync(options.Transactions);
            baselines.Add(b);
            globals.Add(g);
            cpu.Add(gCpu);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} run {run}: baseline {b.PerSecond,8:F0}/s p50 {b.Percentile(50),6:F2} ms p99 {b.Percentile(99),6:F2} ms | coordinator {g.PerSecond,8:F0}/s p50 {g.Percentile(50),6:F2} ms p99 {g.Percentile(99),6:F2} ms | ratio {g.PerSecond / b.PerSecond:F2}"));
            if (CpuSplit.Available)
            {
                output.WriteLine($"    CPU ms per transaction: baseline {CpuSplit.Format(bCpu.Where(c => c.Name != "coordinator"))} | coordinator run: {CpuSplit.Format(gCpu)}");
            }

            if (sql is not null)
            {
                output.WriteLine($"    SQL per global transaction on the coordinator's database: {sql}");
            }
        }

        var memory = ReadMemory(coordinator.ProcessId);
        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        var bTps = Median(baselines.Select(r => r.PerSecond));
        var gTps = Median(globals.Select(r => r.PerSecond));
        var added50 = Median(globals.Zip(baselines, (g, b) => g.Percentile(50) - b.Percentile(50)));
        var added99 = Median(globals.Zip(baselines, (g, b) => g.Percentile(99) - b.Percentile(99)));
        if (CpuSplit.Available)
        {
            var medians = groups.Select((group, i) => (group.Name, Median(cpu.Select(c => c[i].Ms))));
            output.WriteLine($"CPU {label} (median ms per global transaction, {Environment.ProcessorCount} cores shared by all): {CpuSplit.Format(medians)}{(groups.Any(g => g.Command == "postgres") ? string.Empty : " (SQLite runs inside the coordinator)")}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {label}: coordinator {gTps:F0} tx/s vs baseline {bTps:F0}/s, ratio {gTps / bTps:F2} (target >= 0.80); coordinator-added latency p50 {added50:F2} ms (target <= 2), p99 {added99:F2} ms (target <= 10); coordinator memory {memory}"));
    }

    /// <summary>Median latency of each protocol step, one call at a time, to show where the time goes.</summary>
    private static async Task ProbeStepsAsync(TransactionManager.TransactionManagerClient tm, ResourceManager.ResourceManagerClient rm, string endpoint, TextWriter output)
    {
        var steps = new Dictionary<string, List<double>> { ["begin"] = [], ["register"] = [], ["commit"] = [], ["status"] = [] };
        for (var i = 0; i < 200; i++)
        {
            var t = System.Diagnostics.Stopwatch.GetTimestamp();
            var xid = (await tm.BeginAsync(new BeginRequest { Name = "probe", TimeoutMs = 60_000 })).Xid;
            steps["begin"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = System.Diagnostics.Stopwatch.GetTimestamp();
            await rm.RegisterBranchAsync(new RegisterBranchRequest { Xid = xid, ResourceId = "p", ActionName = "a", ParticipantEndpoint = endpoint });
            steps["register"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = System.Diagnostics.Stopwatch.GetTimestamp();
            await tm.CommitAsync(new CommitRequest { Xid = xid });
            steps["commit"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            t = System.Diagnostics.Stopwatch.GetTimestamp();
            await tm.GetStatusAsync(new GetStatusRequest { Xid = xid });
            steps["status"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        output.WriteLine("  step medians (ms, one at a time): " + string.Join(", ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value.Order().ElementAt(s.Value.Count / 2):F2}"))));
    }

    private static string ReadMemory(int pid)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{pid}/status");
            var rss = lines.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))?.Split(':')[1].Trim();
            var peak = lines.FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))?.Split(':')[1].Trim();
            return $"working set {rss}, peak {peak} (target <= 256 MB)";
        }
        catch (IOException)
        {
            return "unavailable";
        }
    }
}
