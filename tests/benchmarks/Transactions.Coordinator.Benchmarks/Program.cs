using Transactions.Coordinator.Benchmarks;

var options = BenchmarkOptions.Parse(args);
return await TccBenchmark.RunAsync(options, Console.Out);
