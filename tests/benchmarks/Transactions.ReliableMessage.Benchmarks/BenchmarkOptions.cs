using System.Globalization;

namespace Transactions.ReliableMessage.Benchmarks;

/// <summary>Command-line options.</summary>
/// <param name="Messages">Messages per measured run (default 5,000).</param>
/// <param name="Runs">Runs of each side; medians are reported (default 3).</param>
/// <param name="Producers">Concurrent producer loops (default 32).</param>
/// <param name="Warmup">Messages sent before each measured run, to a fresh service process (default 2,000), and the size of the unmeasured first round.</param>
/// <param name="Probe">Print the latency of each step of one send instead (default false).</param>
/// <param name="LocalTransaction">Whether producers use SendAsync with a local transaction (barrier + order row) or only Prepare + Commit (default true).</param>
public sealed record BenchmarkOptions(int Messages, int Runs, int Producers, int Warmup, bool LocalTransaction, bool Probe = false)
{
    /// <summary>Parses <c>--messages N --runs N --producers N --warmup N --no-local-transaction</c>.</summary>
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions(5_000, 3, 32, 2_000, LocalTransaction: true);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--messages" => options with { Messages = Next() },
                "--runs" => options with { Runs = Next() },
                "--producers" => options with { Producers = Next() },
                "--warmup" => options with { Warmup = Next() },
                "--no-local-transaction" => options with { LocalTransaction = false },
                "--probe" => options with { Probe = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --messages N --runs N --producers N --warmup N --no-local-transaction --probe"),
            };
        }

        return options;
    }
}
