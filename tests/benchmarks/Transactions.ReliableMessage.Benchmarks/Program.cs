using Transactions.ReliableMessage.Benchmarks;

var options = BenchmarkOptions.Parse(args);
return await ReliableMessageBenchmark.RunAsync(options, Console.Out);
