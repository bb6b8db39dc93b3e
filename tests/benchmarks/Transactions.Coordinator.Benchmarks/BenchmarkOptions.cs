using System.Globalization;

namespace Transactions.Coordinator.Benchmarks;

/// <summary>
/// Command-line options: <c>--providers sqlite,postgres --scenarios noop,bank --transactions 3000 --concurrency 16
/// --runs 3 --warmup 2000</c>. Scenarios: <c>noop</c> (2 branches whose Try/Confirm do nothing) on every provider;
/// <c>bank</c> (participants written with the SDK and its EF Core fence on PostgreSQL, 2 SQL statements per phase)
/// with the coordinator on PostgreSQL.
/// </summary>
public sealed record BenchmarkOptions(IReadOnlyList<string> Providers, IReadOnlyList<string> Scenarios, int Transactions, int Concurrency, int Runs, int Warmup)
{
    /// <summary>Parses the arguments; unknown ones are an error.</summary>
    public static BenchmarkOptions Parse(string[] args)
    {
        var providers = new List<string> { "sqlite", "postgres" };
        var scenarios = new List<string> { "noop", "bank" };
        int transactions = 3000, concurrency = 16, runs = 3, warmup = 2000;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--providers": providers = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries)]; break;
                case "--scenarios": scenarios = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries)]; break;
                case "--transactions": transactions = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}. Options: --providers sqlite,postgres --scenarios noop,bank --transactions N --concurrency N --runs N --warmup N");
            }

            i++;
        }

        if (scenarios.Except(["noop", "bank"]).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"unknown scenario {unknown} (noop, bank)");
        }

        return new BenchmarkOptions(providers, scenarios, transactions, concurrency, runs, warmup);
    }
}
