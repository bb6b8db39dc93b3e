namespace Transactions.Testing.Benchmarking;

/// <summary>
/// Settings for one child process of a benchmark alone, to compare runtime or service options in A/B runs: every
/// environment variable <c>PREFIX_X=v</c> of the benchmark becomes <c>X=v</c> in that process's environment (e.g.
/// <c>BENCH_COORDINATOR_Storage__GroupCommit=false</c>, <c>BENCH_SERVICE_ReliableMessage__DispatchConcurrency=1</c>,
/// <c>BENCH_SERVICE_DOTNET_gcServer=0</c>).
/// </summary>
public static class PassThroughEnvironment
{
    /// <summary>The variables that start with <paramref name="prefix"/>, without it.</summary>
    /// <param name="prefix">For example <c>BENCH_SERVICE_</c>.</param>
    /// <returns>Names and values.</returns>
    public static IEnumerable<(string Name, string Value)> Read(string prefix)
    {
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(prefix, StringComparison.Ordinal) && entry.Value is string value)
            {
                yield return (name[prefix.Length..], value);
            }
        }
    }
}
