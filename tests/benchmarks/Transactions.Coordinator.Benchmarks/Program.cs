using Transactions.Coordinator.Benchmarks;
using Transactions.Coordinator.Benchmarks.Bank;

if (args is ["bank-participant", .. var rest])
{
    return await BankParticipantHost.RunAsync(rest);
}

var options = BenchmarkOptions.Parse(args);
return await TccBenchmark.RunAsync(options, Console.Out);
