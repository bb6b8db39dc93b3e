using Transactions.Coordinator.Benchmarks;
using Transactions.Coordinator.Benchmarks.Bank;
using Transactions.Testing;

if (args is ["bank-participant", .. var rest])
{
    return await BankParticipantHost.RunAsync(rest);
}

if (!CommandLineOptions.TryParse(BenchmarkOptions.Parse, args, Console.Error, out var options))
{
    return 2;
}

return await TccBenchmark.RunAsync(options, Console.Out);
