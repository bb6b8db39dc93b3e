using Transactions.ReliableMessage.Benchmarks;
using Transactions.Testing;

if (!CommandLineOptions.TryParse(BenchmarkOptions.Parse, args, Console.Error, out var options))
{
    return 2;
}

return await ReliableMessageBenchmark.RunAsync(options, Console.Out);
